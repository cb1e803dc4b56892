package io.pgmob.managed;

import io.pgmob.session.SqlSession;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Applies plans. */
public final class Changes {

  /**
   * The advisory lock key pgmob takes (transaction-scoped) before catalog changes, so changes
   * from any number of pgmob clients to one server run one at a time.
   */
  public static final long CATALOG_LOCK_KEY = 0x70676d6f62L; // "pgmob"

  private Changes() {}

  /**
   * Runs {@code plan} on {@code cluster} in order. Consecutive transactional changes run in one
   * transaction under the catalog advisory lock: either all of them apply or none does. A change
   * that may not run in a transaction runs on its own. An error stops the plan and is signalled;
   * the changes of earlier, committed groups stay applied (the error says which statement failed).
   *
   * @return the changes applied, in order
   */
  public static Mono<List<Change>> apply(SqlSession<?> cluster, Plan plan) {
    if (plan.isEmpty()) {
      return Mono.just(List.of());
    }
    List<List<Change>> groups = new ArrayList<>();
    List<Change> current = new ArrayList<>();
    for (Change c : plan.changes()) {
      if (c.transactional()) {
        current.add(c);
      } else {
        if (!current.isEmpty()) {
          groups.add(current);
          current = new ArrayList<>();
        }
        groups.add(List.of(c));
      }
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return Flux.fromIterable(groups)
        .concatMap(group -> {
          if (group.size() == 1 && !group.get(0).transactional()) {
            return cluster.update(group.get(0).sql()).thenReturn(group);
          }
          return cluster.inTransaction(tx -> lockCatalog(tx)
                  .thenMany(Flux.fromIterable(group).concatMap(c -> tx.update(c.sql())))
                  .then(Mono.just(group)))
              .next();
        })
        .collectList()
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  /** Takes the catalog advisory lock for the current transaction (use inside {@link io.pgmob.Cluster#inTransaction}). */
  public static Mono<Void> lockCatalog(SqlSession<?> tx) {
    return tx.execute("SELECT pg_advisory_xact_lock(" + CATALOG_LOCK_KEY + ")").then();
  }

  /**
   * Runs {@code body} holding the catalog advisory lock for the session (not only a transaction),
   * for work whose changes may not all run in one transaction; released however {@code body}
   * ends. Transactions inside {@code body} that take {@link #lockCatalog} get it at once (the
   * session holds it already).
   */
  public static <T> Mono<T> underSessionCatalogLock(SqlSession<?> session, java.util.function.Supplier<Mono<T>> body) {
    Mono<Void> unlock = session.execute("SELECT pg_advisory_unlock(" + CATALOG_LOCK_KEY + ")").then()
        .onErrorResume(e -> Mono.empty());
    return Mono.usingWhen(session.execute("SELECT pg_advisory_lock(" + CATALOG_LOCK_KEY + ")").then(Mono.just(true)),
        locked -> body.get(), locked -> unlock, (locked, e) -> unlock, locked -> unlock);
  }
}
