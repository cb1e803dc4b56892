package io.pgmob.managed;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.EnsureResult;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Running plans the way every managed object kind does. */
public final class Plans {

  private Plans() {}

  /**
   * Applies {@code plan}, then (also after a failure, since a non-transactional change may have
   * run) calls {@code invalidate}, then reads the object back with {@code reload} (assembled only
   * then, since a collection lookup captures the cached snapshot when it is assembled).
   */
  public static <T> Mono<T> applyThenReload(SqlSession<?> cluster, Plan plan, Runnable invalidate,
      Supplier<Mono<T>> reload) {
    return apply(cluster, plan, invalidate).then(Mono.defer(reload));
  }

  /** Applies {@code plan} and calls {@code invalidate} however it ends. */
  public static Mono<List<Change>> apply(SqlSession<?> cluster, Plan plan, Runnable invalidate) {
    if (plan.isEmpty()) {
      return Mono.just(List.of());
    }
    // before the result goes downstream (doFinally would run after a reload was already assembled)
    return Changes.apply(cluster, plan)
        .doOnSuccess(x -> invalidate.run())
        .doOnError(e -> invalidate.run())
        .doOnCancel(invalidate::run);
  }

  /** {@code "schema.name"}: the key collections of schema-qualified objects look objects up by. */
  public static String key(String schema, String name) {
    return schema + "." + name;
  }

  /** Splits a {@code "schema.name"} key; a key without a dot is in schema {@code public}. */
  public static String[] split(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? new String[] {"public", key} : new String[] {key.substring(0, dot), key.substring(dot + 1)};
  }

  /** Applies {@code f} to {@code value} when it is not null. */
  public static <A> void ifSet(A value, Function<A, Change> f, List<Change> out) {
    if (value != null) {
      out.add(f.apply(value));
    }
  }
}
