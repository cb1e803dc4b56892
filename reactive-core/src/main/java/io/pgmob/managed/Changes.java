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

  /**
   * {@link #converge(SqlSession, List)} of one convergence.
   *
   * @param session the session (or a transaction's, which the work joins)
   * @param convergence what to ensure
   * @param <R> the result type
   * @return its result
   */
  public static <R> Mono<R> converge(SqlSession<?> session, Convergence<R> convergence) {
    return converge(session, List.of(convergence)).map(l -> l.get(0));
  }

  /**
   * Ensures several objects in one transaction in two round trips: the first flight is {@code
   * BEGIN}, the catalog lock and the reads of every convergence; the second the changes of every
   * plan, the read-backs, and {@code COMMIT}. Inside a transaction the caller opened, the work
   * joins it and the caller commits. If a statement fails, the error names it with its SQLSTATE
   * and the transaction is rolled back: nothing is applied.
   *
   * @param session the session (or a transaction's, which the work joins)
   * @param all what to ensure, in order
   * @param <R> the common result type
   * @return each convergence's result, in order
   */
  public static <R> Mono<List<R>> converge(SqlSession<?> session, List<? extends Convergence<? extends R>> all) {
    List<Convergence<? extends R>> list = List.copyOf(all);
    return session.inTransaction(tx -> Mono.defer(() -> {
      List<io.pgmob.sql.SqlPart> first = new ArrayList<>();
      first.add(io.pgmob.sql.Sql.raw(LOCK));
      List<Integer> reads = new ArrayList<>();
      for (Convergence<? extends R> c : list) {
        List<io.pgmob.sql.SqlPart> r = c.reads();
        reads.add(r.size());
        first.addAll(r);
      }
      return tx.executeFlight(first, false).flatMap(rows -> {
        List<Convergence.Step<? extends R>> steps = new ArrayList<>();
        List<io.pgmob.sql.SqlPart> second = new ArrayList<>();
        int at = 1;
        for (int i = 0; i < list.size(); i++) {
          steps.add(list.get(i).plan(rows.subList(at, at + reads.get(i))));
          at += reads.get(i);
        }
        for (Convergence.Step<? extends R> step : steps) {
          step.plan().changes().forEach(ch -> second.add(ch.sql()));
        }
        List<Integer> backs = new ArrayList<>();
        for (Convergence.Step<? extends R> step : steps) {
          backs.add(step.readBack().size());
          second.addAll(step.readBack());
        }
        int changes = second.size() - backs.stream().mapToInt(Integer::intValue).sum();
        return tx.executeFlight(second, true)
            .onErrorMap(e -> steps.size() == 1 ? steps.get(0).applyError(e) : e)
            .map(rows2 -> {
              List<R> out = new ArrayList<>();
              int b = changes;
              for (int i = 0; i < steps.size(); i++) {
                out.add(steps.get(i).result(rows2.subList(b, b + backs.get(i))));
                b += backs.get(i);
              }
              return out;
            });
      });
    })).next();
  }

  private static final String LOCK = "SELECT pg_advisory_xact_lock(" + CATALOG_LOCK_KEY + ")";

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
