package io.pgmob.fleet.internal;

import io.pgmob.Cluster;
import io.pgmob.session.Row;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Runs a query in a read-only transaction, so that a query can never change a cluster and is
 * therefore safe to retry after a lost connection. A write fails on the server with SQLSTATE 25006
 * ({@code read_only_sql_transaction}).
 *
 * <p>The query is exactly one statement, sent through the extended protocol with or without
 * parameters ({@link Cluster#executeStatement}): the server refuses text holding several
 * statements (SQLSTATE 42601) before it runs any, so SQL that ends the transaction and then asks
 * for read-write ({@code COMMIT; SET transaction_read_only = off; CREATE ...}) cannot run. One
 * statement that ends the transaction ({@code COMMIT}) or asks for read-write has nothing left to
 * run after it.
 *
 * <p>The transaction always ends with {@code ROLLBACK}: a read-only transaction has nothing to
 * commit, and the rollback undoes every setting the statement changed ({@code SET search_path},
 * {@code SET default_transaction_read_only = off}, {@code SET ROLE} ...), so a held session is left
 * as it was. Three round trips: {@code BEGIN}, the statement, {@code ROLLBACK}.
 */
public final class ReadOnlyQuery {

  /** The SQLSTATE of a write attempted in a read-only transaction. */
  public static final String READ_ONLY_SQL_TRANSACTION = io.pgmob.error.SqlStates.READ_ONLY_SQL_TRANSACTION;

  private static final String BEGIN = "BEGIN TRANSACTION READ ONLY";
  private static final String END = "ROLLBACK";

  private ReadOnlyQuery() {}

  /** The rows of the one statement {@code sql} run read-only on {@code cluster}. */
  public static Mono<List<Row>> list(Cluster cluster, String sql, @Nullable Object[] params) {
    return cluster.update(BEGIN)
        .then(cluster.executeStatement(sql, params).collectList())
        .flatMap(rows -> cluster.update(END).thenReturn(rows))
        .onErrorResume(e -> cluster.isClosed() ? Mono.error(e)
            : cluster.update(END).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
  }
}
