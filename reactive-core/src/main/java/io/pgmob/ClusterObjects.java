package io.pgmob;

import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.OwnedObject;
import io.pgmob.managed.Plan;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Cluster-wide operations over managed objects; reached through {@link Cluster}'s default methods. */
public final class ClusterObjects {

  /** How many databases {@link #forEachDatabase(Cluster, Function)} works on at once by default. */
  public static final int DEFAULT_DATABASE_CONCURRENCY = 4;

  private ClusterObjects() {}

  /**
   * {@code REASSIGN OWNED BY owner TO newOwner}: every object of {@code owner} in the current
   * database, and the shared objects (databases, tablespaces) it owns, pass to {@code newOwner}.
   * Objects in other databases keep their owner; use {@link #forEachDatabase} for those.
   *
   * @throws InvalidInputException (as an error signal) for an invalid role name
   */
  public static Mono<Void> reassignOwner(Cluster cluster, String newOwner, String owner) {
    return Mono.fromCallable(() -> Plan.of(Change.of("reassign objects of role \"" + owner + "\" to \"" + newOwner + "\"",
            Sql.format("REASSIGN OWNED BY {} TO {}", Identifier.of(owner), Identifier.of(newOwner)))))
        .flatMap(plan -> Changes.apply(cluster, plan))
        // cached collections hold the old owners
        .then(Mono.defer(cluster::refresh));
  }

  /**
   * Makes {@code newOwner} own each of {@code objects} (of any kinds, from the current database or
   * cluster-wide), with one {@code ALTER ... OWNER TO} per object, all in one transaction: either
   * every owner changes or none does. Objects that {@code newOwner} already owns are skipped.
   *
   * @return the changes applied
   */
  public static Mono<List<Change>> reassignOwner(Cluster cluster, String newOwner,
      Collection<? extends OwnedObject> objects) {
    return Mono.defer(() -> {
      Identifier.validate(newOwner, "owner role name");
      Plan plan = Plan.empty();
      for (OwnedObject o : objects) {
        if (!o.owner().equals(newOwner)) {
          plan = plan.plus(o.ownerChange(newOwner));
        }
      }
      return Changes.apply(cluster, plan);
    }).flatMap(applied -> applied.isEmpty() ? Mono.just(applied) : cluster.refresh().thenReturn(applied));
  }

  /**
   * Runs {@code operation} in every database of the cluster that accepts connections (templates
   * excluded), each on a new session that is closed afterwards, at most {@code concurrency} at
   * once. Results stream out as they come, in no particular order. The first failure cancels the
   * others and is signalled (wrap {@code operation} with {@code onErrorResume} to go on).
   *
   * <pre>{@code
   * cluster.forEachDatabase(db -> db.update(Sql.format("GRANT USAGE ON SCHEMA public TO {}", Identifier.of("app"))))
   *     .then();
   * }</pre>
   */
  public static <T> Flux<T> forEachDatabase(Cluster cluster, Function<Cluster, ? extends Publisher<T>> operation,
      int concurrency) {
    if (concurrency < 1) {
      return Flux.error(new InvalidInputException("concurrency must be at least 1, not " + concurrency));
    }
    return cluster.execute("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname")
        .map(r -> r.getString("datname"))
        .flatMap(db -> Flux.usingWhen(cluster.connectTo(db), operation, Cluster::close,
            (c, e) -> c.close(), Cluster::close), concurrency);
  }

  /** {@link #forEachDatabase(Cluster, Function, int)} with {@value #DEFAULT_DATABASE_CONCURRENCY} at once. */
  public static <T> Flux<T> forEachDatabase(Cluster cluster, Function<Cluster, ? extends Publisher<T>> operation) {
    return forEachDatabase(cluster, operation, DEFAULT_DATABASE_CONCURRENCY);
  }
}
