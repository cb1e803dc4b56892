package io.pgmob.managed;

import java.util.function.Supplier;
import io.pgmob.session.Row;
import io.pgmob.sql.SqlPart;
import org.jspecify.annotations.Nullable;
import java.util.function.Function;
import java.util.List;
import io.pgmob.session.SqlSession;
import io.pgmob.error.ObjectNotFoundException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A lazy collection of one kind of object on a cluster: loaded on first use, then cached until
 * {@link #refresh()}. Subclasses say how to load and how to key. Thread-safe; concurrent first
 * users share one load; a failed load is not cached.
 *
 * @param <T> the snapshot type
 */
public abstract class ObjectCollection<T> {

  private final SqlSession<?> cluster;
  private final String kind;
  private final AtomicReference<Mono<Map<String, T>>> cache = new AtomicReference<>();

  protected ObjectCollection(SqlSession<?> cluster, String kind) {
    this.cluster = cluster;
    this.kind = kind;
  }

  /** {@return the cluster this collection reads} */
  public SqlSession<?> cluster() {
    return cluster;
  }

  /** {@return what kind of objects, for messages: {@code role}, {@code database} } */
  public String kind() {
    return kind;
  }

  /** Reads every object from the catalog through {@code via} (this collection's session, or a transaction). */
  protected abstract Flux<T> load(SqlSession<?> via);

  /** The key {@link #get(String)} looks objects up by. */
  protected abstract String keyOf(T object);

  /** The cached snapshot, looked up when subscribed (so {@code refresh().then(get(x))} sees fresh data). */
  private Mono<Map<String, T>> snapshot() {
    return Mono.defer(this::currentSnapshot);
  }

  private Mono<Map<String, T>> currentSnapshot() {
    Mono<Map<String, T>> m = cache.get();
    if (m == null) {
      Mono<Map<String, T>> fresh = load(cluster)
          .collect(LinkedHashMap<String, T>::new, (map, o) -> map.put(keyOf(o), o))
          .<Map<String, T>>map(java.util.Collections::unmodifiableMap)
          .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
      m = cache.compareAndSet(null, fresh) ? fresh : cache.get();
    }
    return m;
  }

  /** {@return every object, in catalog order} */
  public Flux<T> all() {
    return snapshot().flatMapIterable(Map::values);
  }

  /** The object named {@code name}; fails with {@link ObjectNotFoundException} if there is none. */
  public Mono<T> get(String name) {
    return find(name).flatMap(o -> o.map(Mono::just)
        .orElseGet(() -> Mono.error(new ObjectNotFoundException(kind, name, cluster.name()))));
  }

  /** The object named {@code name}, if it exists. */
  public Mono<Optional<T>> find(String name) {
    return snapshot().map(m -> Optional.ofNullable(m.get(name)));
  }

  /** Whether an object named {@code name} exists (per the cached snapshot). */
  public Mono<Boolean> contains(String name) {
    return snapshot().map(m -> m.containsKey(name));
  }

  /** Forgets the cached snapshot; the next call reloads. */
  public Mono<Void> refresh() {
    return Mono.fromRunnable(this::invalidate);
  }

  /** Forgets the cached snapshot now (after a change made through this collection). */
  protected void invalidate() {
    cache.set(null);
  }

  // ---- ensure: the template every kind's ensure(spec) follows

  /**
   * Whether every change an {@code ensure} of this kind makes may run in a transaction (true by
   * default). A kind whose plans hold changes that may not ({@code CREATE DATABASE}) says false.
   */
  protected boolean ensuresInOneTransaction() {
    return true;
  }

  /**
   * What every kind's {@code ensure(spec)} does, under one locking rule: pgmob's catalog lock is
   * taken before the object {@code key} is read and held until the plan is applied, so concurrent
   * ensures (from this or other pgmob clients) serialize and the later one sees the earlier one's
   * result. The object is read afresh; when it is missing, the plan {@code create} builds is
   * applied and the object read back (created); otherwise the plan {@code alter} builds for the
   * object found is applied (its failures passed through {@code alterErrors}) and the object read
   * back only when something changed. With {@link #ensuresInOneTransaction()} (the default) all of
   * it runs in one transaction under the transaction-scoped lock; otherwise under the
   * session-scoped lock, each transactional group of the plan in its own transaction. The cached
   * snapshot is forgotten afterwards. Plans are built on subscription, so bad input arrives as an
   * error signal.
   */
  protected final Mono<EnsureResult<T>> ensure(String key, Supplier<Plan> create, Function<T, Plan> alter,
      Function<Throwable, Throwable> alterErrors) {
    List<SqlPart> reads = ensuresInOneTransaction() ? reads(key) : null;
    if (reads != null) {
      return Changes.converge(cluster, ensuring(key, reads, rows -> found(key, rows), rows -> create.get(),
              (current, rows) -> alter.apply(current), alterErrors))
          .doOnTerminate(this::invalidate).doOnCancel(this::invalidate);
    }
    Mono<EnsureResult<T>> result = ensuresInOneTransaction()
        ? cluster.inTransaction(tx -> Changes.lockCatalog(tx).then(ensureVia(tx, key, create, alter, alterErrors))).next()
        : Changes.underSessionCatalogLock(cluster, () -> ensureVia(cluster, key, create, alter, alterErrors));
    return result.doOnTerminate(this::invalidate).doOnCancel(this::invalidate);
  }

  /**
   * The statements that read the object {@code key} for {@code ensure} in its first flight (no
   * bind parameters: {@link CatalogQueries#inline}), or null for a kind that reads through {@link
   * #load} instead (one round trip per statement). A kind that returns them also implements
   * {@link #found(String, List)}.
   *
   * @param key the object's key
   * @return the statements, or null
   */
  protected @Nullable List<SqlPart> reads(String key) {
    return null;
  }

  /**
   * The object {@code key} from the rows of {@link #reads(String)}, if it exists.
   *
   * @param key the object's key
   * @param rows the rows of each statement of {@link #reads(String)}
   * @return the object, or empty when it does not exist
   */
  protected Optional<T> found(String key, List<List<Row>> rows) {
    throw new UnsupportedOperationException(kind + " reads through load()");
  }

  /**
   * The one ensure template as a {@link Convergence} (two flights): {@code reads} in the first
   * flight; from their rows, the object {@code found} (or not), the plan {@code create} or {@code
   * alter} builds, applied in the second flight with the object read back (the same reads) when
   * something changed; failures of an alter plan passed through {@code alterErrors}. Run it with
   * {@link Changes#converge}, alone or with others in one transaction.
   *
   * @param key the object's key
   * @param reads the statements that read it (no bind parameters)
   * @param found the object from their rows, if it exists
   * @param create the plan for a missing object, from the rows
   * @param alter the plan for the object found, from it and the rows
   * @param alterErrors applied to failures of an alter plan
   * @return the convergence
   */
  protected final Convergence<EnsureResult<T>> ensuring(String key, List<? extends SqlPart> reads,
      Function<List<List<Row>>, Optional<T>> found, Function<List<List<Row>>, Plan> create,
      java.util.function.BiFunction<T, List<List<Row>>, Plan> alter, Function<Throwable, Throwable> alterErrors) {
    List<SqlPart> statements = List.copyOf(reads);
    return new Convergence<>() {
      @Override
      public List<SqlPart> reads() {
        return statements;
      }

      @Override
      public Step<EnsureResult<T>> plan(List<List<Row>> rows) {
        Optional<T> current = found.apply(rows);
        Plan plan = current.isEmpty() ? create.apply(rows) : alter.apply(current.get(), rows);
        boolean readBack = !plan.isEmpty() || current.isEmpty();
        return new Step<>() {
          @Override
          public Plan plan() {
            return plan;
          }

          @Override
          public List<SqlPart> readBack() {
            return readBack ? statements : List.of();
          }

          @Override
          public EnsureResult<T> result(List<List<Row>> back) {
            T now = readBack ? found.apply(back).orElseThrow(() -> notFound(key)) : current.get();
            return new EnsureResult<>(now, plan.changes(), current.isEmpty());
          }

          @Override
          public Throwable applyError(Throwable t) {
            return current.isEmpty() ? t : alterErrors.apply(t);
          }
        };
      }
    };
  }

  /** {@link #ensure(String, Supplier, Function, Function)} with alter failures passed on as they are. */
  protected final Mono<EnsureResult<T>> ensure(String key, Supplier<Plan> create, Function<T, Plan> alter) {
    return ensure(key, create, alter, Function.identity());
  }

  private Mono<EnsureResult<T>> ensureVia(SqlSession<?> via, String key, Supplier<Plan> create, Function<T, Plan> alter,
      Function<Throwable, Throwable> alterErrors) {
    return findVia(via, key).flatMap(found -> {
      if (found.isEmpty()) {
        return Mono.fromSupplier(create).flatMap(plan -> applyVia(via, plan))
            .flatMap(applied -> findVia(via, key).map(o -> new EnsureResult<>(o.orElseThrow(() -> notFound(key)),
                applied, true)));
      }
      T current = found.get();
      return Mono.fromSupplier(() -> alter.apply(current)).flatMap(plan -> applyVia(via, plan))
          .onErrorMap(alterErrors)
          .flatMap(applied -> (applied.isEmpty() ? Mono.just(Optional.of(current)) : findVia(via, key))
              .map(now -> new EnsureResult<>(now.orElseThrow(() -> notFound(key)), applied, false)));
    });
  }

  private Mono<Optional<T>> findVia(SqlSession<?> via, String key) {
    return load(via).filter(o -> keyOf(o).equals(key)).next().map(Optional::of).defaultIfEmpty(Optional.empty());
  }

  private Mono<List<Change>> applyVia(SqlSession<?> via, Plan plan) {
    if (plan.isEmpty()) {
      return Mono.just(List.of());
    }
    if (ensuresInOneTransaction()) {
      // inside the ensure's transaction already (Changes.apply would join it too)
      return Flux.fromIterable(plan.changes()).concatMap(c -> via.update(c.sql())).then(Mono.just(plan.changes()));
    }
    return Changes.apply(via, plan);
  }

  private ObjectNotFoundException notFound(String key) {
    return new ObjectNotFoundException(kind, key, cluster.name());
  }
}
