package io.pgmob.session;

import io.pgmob.sql.SqlPart;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One session to one PostgreSQL server and database: the facts read at connect, statements,
 * transactions, cancel and close. The floor every managed object kind is built on; {@link
 * io.pgmob.Cluster} is a session that adds the kinds' accessors and cluster-wide operations.
 *
 * <p>Nothing happens until a returned publisher is subscribed. Statements from concurrent callers
 * are queued on the one session in subscription order; {@link #inTransaction(Function)} gets the
 * session to itself until it ends, and every statement (and every managed object reached from
 * the session it hands to its work) runs inside that transaction. Cancelling a subscription while
 * its statement runs sends the server a cancel request, so no work is left running. Failures are
 * {@link io.pgmob.error.PgmobException}s naming the cluster and the statement (secrets redacted).
 *
 * <p><b>Per-session state.</b> A managed object kind keeps what it caches for a session (its
 * collection, for example) with {@link #state(Class, Function)}: one value per key and session,
 * created on first use, forgotten on {@link #refresh()}. A transaction's session has its own
 * state, so a collection reached inside a transaction reads and writes through the transaction.
 *
 * <p>Thread-safe.
 *
 * @param <S> the type of this session, as handed to {@link #inTransaction(Function)}'s work
 *     ({@link io.pgmob.Cluster} for a cluster)
 */
public interface SqlSession<S extends SqlSession<S>> {

  /** {@return the spec this session was connected with} */
  ConnectionSpec spec();

  /** {@return the display name used in messages and reports} */
  default String name() {
    return spec().displayName();
  }

  /**
   * {@return the server version, from the {@code server_version} the server sent at start-up (or
   * the last {@link #refresh()}, which reads {@code version()})}
   */
  PgVersion version();

  /** {@return {@code current_database()}: the spec's database, which the server accepted at start-up} */
  String currentDatabase();

  /** {@return {@code current_user} (after {@code become})} */
  String currentUser();

  /** {@return {@code session_user}: the login role} */
  String sessionUser();

  /**
   * Whether the current user is a superuser. The start-up messages do not carry it: it is read
   * with the session's first flight of statements ({@link #executeFlight}, or the {@code SET ROLE}
   * of {@link ConnectionSpec#become()}); asked before that, it is read then (blocking the caller),
   * and a non-blocking thread gets an {@link IllegalStateException}.
   *
   * @return whether the current user is a superuser
   */
  boolean isSuperuser();

  /**
   * {@link #isSuperuser()} without blocking: at once when known, else read (one round trip) and
   * remembered.
   *
   * @return whether the current user is a superuser
   */
  Mono<Boolean> superuser();

  /** {@return the server process id of this session (from the start-up message BackendKeyData)} */
  int backendPid();

  // ---- statements

  /**
   * Runs {@code sql} with {@code $1}-style bind parameters and streams its rows.
   *
   * @param sql the SQL; {@code $1}, {@code $2} ... stand for the parameters (with parameters, one
   *     statement; see {@link #executeStatement} to refuse several without them)
   * @param params the values of {@code $1}, {@code $2} ..., in order (null for SQL NULL)
   * @return the rows as the server sends them; empty for a statement without rows
   */
  Flux<Row> execute(String sql, @Nullable Object... params);

  /**
   * Runs exactly one statement with {@code $1}-style bind parameters (none is fine) and streams
   * its rows. Unlike {@link #execute(String, Object...)} without parameters, the statement always
   * goes through the extended protocol, where the server refuses text holding more than one
   * statement (SQLSTATE 42601, "cannot insert multiple commands into a prepared statement")
   * before it runs any: use it for SQL from elsewhere that must not slip a second statement past
   * a transaction the caller opened ({@code COMMIT; ...}).
   *
   * <pre>{@code
   * cluster.executeStatement("SELECT count(*) AS n FROM pg_stat_activity")
   *     .map(r -> r.getLong("n"));
   * }</pre>
   *
   * @param sql exactly one statement; {@code $1}, {@code $2} ... stand for the parameters
   * @param params the values of {@code $1}, {@code $2} ..., in order (null for SQL NULL)
   * @return the rows as the server sends them; empty for a statement without rows
   */
  Flux<Row> executeStatement(String sql, @Nullable Object... params);

  /**
   * Runs composed SQL (no bind parameters) and streams its rows.
   *
   * @param sql SQL composed from quoting types ({@link io.pgmob.sql.Sql}); secrets in it are
   *     redacted from errors and logs
   * @return the rows as the server sends them; empty for a statement without rows
   */
  Flux<Row> execute(SqlPart sql);

  /**
   * Runs {@code sql} with bind parameters and maps each row.
   *
   * @param <T> what a row maps to
   * @param sql one statement with {@code $1}-style parameters
   * @param mapper turns a row into a value, as the row arrives
   * @param params the values of {@code $1}, {@code $2} ..., in order
   * @return the mapped rows, in the server's order
   */
  default <T> Flux<T> query(String sql, Function<Row, T> mapper, @Nullable Object... params) {
    return execute(sql, params).map(mapper);
  }

  /**
   * Runs composed SQL and maps each row.
   *
   * @param <T> what a row maps to
   * @param sql SQL composed from quoting types
   * @param mapper turns a row into a value, as the row arrives
   * @return the mapped rows, in the server's order
   */
  default <T> Flux<T> query(SqlPart sql, Function<Row, T> mapper) {
    return execute(sql).map(mapper);
  }

  /**
   * Runs {@code sql} and collects its rows.
   *
   * @param sql one statement with {@code $1}-style parameters
   * @param params the values of {@code $1}, {@code $2} ..., in order
   * @return every row, in the server's order, once the statement completed
   */
  default Mono<List<Row>> list(String sql, @Nullable Object... params) {
    return execute(sql, params).collectList();
  }

  /**
   * The first column of the first row as {@code type}; empty when there is no row or the value
   * is NULL.
   *
   * @param <T> the Java type of the value
   * @param sql one statement with {@code $1}-style parameters
   * @param type the Java type to read the value as, for example {@code Long.class}
   * @param params the values of {@code $1}, {@code $2} ..., in order
   * @return the value, or empty
   */
  default <T> Mono<T> scalar(String sql, Class<T> type, @Nullable Object... params) {
    // all rows are read (not next()), so that a statement that already ran is never cancelled
    return execute(sql, params).collectList()
        .flatMap(rows -> rows.isEmpty() ? Mono.empty() : Mono.justOrEmpty(rows.get(0).get(0, type)));
  }

  /**
   * Runs a statement and returns how many rows it affected.
   *
   * @param sql one statement with {@code $1}-style parameters
   * @param params the values of {@code $1}, {@code $2} ..., in order
   * @return the row count of the command tag (0 for a statement that counts none)
   */
  Mono<Long> update(String sql, @Nullable Object... params);

  /**
   * Runs a composed statement (DDL, utility) and returns how many rows it affected.
   *
   * @param sql SQL composed from quoting types
   * @return the row count of the command tag (0 for a statement that counts none)
   */
  Mono<Long> update(SqlPart sql);

  /**
   * Runs {@code statements} (composed SQL, no bind parameters) in one round trip: one simple
   * {@code Query} message holding all of them. Returns the rows of each statement, in order (an
   * empty list for a statement without rows). The statements run one after the other; if one
   * fails, the server skips the rest, and the error names the statement that failed (secrets
   * redacted) and its SQLSTATE. Outside a transaction the server runs them as one implicit
   * transaction, so a failure leaves none of them applied.
   *
   * <p>Inside {@link #inTransaction(Function)} they run in the transaction, and the transaction's
   * {@code BEGIN} rides the first flight. With {@code commit} true, in a transaction that {@code
   * inTransaction} opened for the work calling this (not one it joined), the transaction's {@code
   * COMMIT} rides at the end of the flight and the transaction ends with it: the way a change
   * costs no round trip of its own to commit. Elsewhere {@code commit} is ignored.
   *
   * <pre>{@code
   * session.inTransaction(tx -> tx.executeFlight(List.of(Sql.raw("SELECT 1"), Sql.raw("SELECT 2")), true))
   * }</pre>
   *
   * @param statements the statements, in order (no bind parameters)
   * @param commit whether the flight ends the transaction inTransaction opened for this work
   * @return the rows of each statement; an empty list of statements sends nothing (unless it
   *     commits a transaction that ran statements)
   */
  Mono<List<List<Row>>> executeFlight(List<? extends SqlPart> statements, boolean commit);

  /**
   * Runs a script of several {@code ;}-separated statements without parameters in one round trip
   * (the simple protocol), for example the output of a managed object's {@code script()}. Without
   * explicit {@code BEGIN}/{@code COMMIT} the server runs it as one implicit transaction.
   *
   * @param script the statements, trusted: sent as written
   * @return completes when the last statement completed; fails with the first statement's error
   */
  Mono<Void> executeScript(String script);

  /**
   * Runs {@code work} in a transaction with this session to itself: commits when the publisher
   * completes, rolls back when it fails or the subscription is cancelled before it completes.
   * The values {@code work} produced are emitted after the commit succeeded, so taking the first
   * one never rolls back. Other callers of this session wait until the transaction ends. Inside
   * {@code work}, use the session it is given (statements and managed objects reached from it run
   * in the transaction); a transaction inside a transaction joins the outer one.
   *
   * @param <T> what {@code work} emits
   * @param work the statements of the transaction, given the transaction's session
   * @return what {@code work} emitted, after the commit
   */
  <T> Flux<T> inTransaction(Function<? super S, ? extends Publisher<T>> work);

  /**
   * Asks the server to cancel the statement this session runs now, if any.
   *
   * @return completes when the cancel request was sent (the statement then fails with 57014)
   */
  Mono<Void> cancel();

  /**
   * Re-reads version, user and database, and forgets the per-session state.
   *
   * @return completes when the facts were read again
   */
  Mono<Void> refresh();

  /**
   * A new session on the same server, connected to another database. The caller closes it.
   *
   * @param database the database to connect to, with this session's spec otherwise
   * @return the new session, once connected
   */
  Mono<? extends S> connectTo(String database);

  /**
   * Closes the session. Further statements fail. Completes after the cancel requests sent for
   * statements this session was running (a cancelled subscription) were delivered or timed out,
   * so a process that exits when close() completes leaves no statement running on the server.
   *
   * @return completes when the session is closed
   */
  Mono<Void> close();

  /** {@return whether {@link #close()} was called} */
  boolean isClosed();

  // ---- per-session state

  /**
   * The value kept for {@code key} on this session, created with {@code factory} on first use
   * and kept until {@link #refresh()}: how a managed object kind caches its collection for a
   * session without the session knowing the kind, for example
   *
   * <pre>{@code
   * public static Roles of(SqlSession<?> session) {
   *   return session.state(Roles.class, Roles::new);
   * }
   * }</pre>
   *
   * <p>Inside {@link #inTransaction(Function)}, the transaction's session keeps its own values
   * (so what they read and write goes through the transaction); when a transaction that created
   * any ends, the values of the outer session are forgotten too, since the transaction may have
   * changed what they cached.
   *
   * @param <V> the type of the value
   * @param key the key, by convention the value's own class
   * @param factory creates the value from this session on first use
   * @return the value kept for {@code key}
   */
  <V> V state(Class<V> key, Function<? super S, ? extends V> factory);
}
