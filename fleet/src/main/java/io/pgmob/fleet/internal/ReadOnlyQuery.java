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
 * <p>Without parameters the transaction and the query go out in one simple-query message (one
 * round trip): the session default {@code default_transaction_read_only} is set inside the
 * transaction as well, so SQL that ends the transaction itself ({@code COMMIT; CREATE ...}) still
 * runs read-only; it is reset when the query ends (the reset is part of the same message). With
 * parameters the statement goes through the extended protocol, which runs exactly one statement,
 * between a {@code BEGIN READ ONLY} and a {@code COMMIT} (three round trips).
 *
 * <p>On failure the transaction is rolled back and the default reset (one more round trip, only on
 * failure), so a held session is left clean.
 */
public final class ReadOnlyQuery {

  /** The SQLSTATE of a write attempted in a read-only transaction. */
  public static final String READ_ONLY_SQL_TRANSACTION = io.pgmob.error.SqlStates.READ_ONLY_SQL_TRANSACTION;

  // the empty SELECT takes the first snapshot, after which "SET transaction_read_only = off" is refused
  private static final String BEGIN = "SET default_transaction_read_only = on; BEGIN TRANSACTION READ ONLY; SELECT WHERE false";
  private static final String END = "COMMIT; RESET default_transaction_read_only";
  private static final String ABORT = "ROLLBACK; RESET default_transaction_read_only";

  private ReadOnlyQuery() {}

  /** The rows of {@code sql} (all its statements) run read-only on {@code cluster}. */
  public static Mono<List<Row>> list(Cluster cluster, String sql, @Nullable Object[] params) {
    Mono<List<Row>> rows = params.length == 0
        // a newline ends a trailing "--" comment; the empty statement after a trailing ';' is harmless
        ? cluster.list(BEGIN + ";\n" + sql + "\n;" + END)
        : cluster.update("BEGIN TRANSACTION READ ONLY")
            .then(cluster.list(sql, params))
            .flatMap(r -> cluster.update("COMMIT").thenReturn(r));
    return rows.onErrorResume(e -> cluster.isClosed() ? Mono.error(e)
        : cluster.update(ABORT).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
  }
}
