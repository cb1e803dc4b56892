package io.pgmob.managed;

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

  /** The cluster this collection reads. */
  public SqlSession<?> cluster() {
    return cluster;
  }

  /** What kind of objects, for messages: {@code role}, {@code database} ... */
  public String kind() {
    return kind;
  }

  /** Reads every object from the catalog. */
  protected abstract Flux<T> load();

  /** The key {@link #get(String)} looks objects up by. */
  protected abstract String keyOf(T object);

  /** The cached snapshot, looked up when subscribed (so {@code refresh().then(get(x))} sees fresh data). */
  private Mono<Map<String, T>> snapshot() {
    return Mono.defer(this::currentSnapshot);
  }

  private Mono<Map<String, T>> currentSnapshot() {
    Mono<Map<String, T>> m = cache.get();
    if (m == null) {
      Mono<Map<String, T>> fresh = load()
          .collect(LinkedHashMap<String, T>::new, (map, o) -> map.put(keyOf(o), o))
          .<Map<String, T>>map(java.util.Collections::unmodifiableMap)
          .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
      m = cache.compareAndSet(null, fresh) ? fresh : cache.get();
    }
    return m;
  }

  /** Every object, in catalog order. */
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
}
