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

  /** The spec this session was connected with. */
  ConnectionSpec spec();

  /** The display name used in messages and reports. */
  default String name() {
    return spec().displayName();
  }

  /** The server version read at connect (or the last {@link #refresh()}). */
  PgVersion version();

  /** {@code current_database()}. */
  String currentDatabase();

  /** {@code current_user} (after {@code become}). */
  String currentUser();

  /** {@code session_user}: the login role. */
  String sessionUser();

  /** Whether the current user is a superuser. */
  boolean isSuperuser();

  /** The server process id of this session. */
  int backendPid();

  // ---- statements

  /** Runs {@code sql} with {@code $1}-style bind parameters and streams its rows. */
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
   */
  Flux<Row> executeStatement(String sql, @Nullable Object... params);

  /** Runs composed SQL (no bind parameters) and streams its rows. */
  Flux<Row> execute(SqlPart sql);

  /** Runs {@code sql} with bind parameters and maps each row. */
  default <T> Flux<T> query(String sql, Function<Row, T> mapper, @Nullable Object... params) {
    return execute(sql, params).map(mapper);
  }

  /** Runs composed SQL and maps each row. */
  default <T> Flux<T> query(SqlPart sql, Function<Row, T> mapper) {
    return execute(sql).map(mapper);
  }

  /** Runs {@code sql} and collects its rows. */
  default Mono<List<Row>> list(String sql, @Nullable Object... params) {
    return execute(sql, params).collectList();
  }

  /**
   * The first column of the first row as {@code type}; empty when there is no row or the value
   * is NULL.
   */
  default <T> Mono<T> scalar(String sql, Class<T> type, @Nullable Object... params) {
    // all rows are read (not next()), so that a statement that already ran is never cancelled
    return execute(sql, params).collectList()
        .flatMap(rows -> rows.isEmpty() ? Mono.empty() : Mono.justOrEmpty(rows.get(0).get(0, type)));
  }

  /** Runs a statement and returns how many rows it affected. */
  Mono<Long> update(String sql, @Nullable Object... params);

  /** Runs a composed statement (DDL, utility) and returns how many rows it affected. */
  Mono<Long> update(SqlPart sql);

  /**
   * Runs a script of several {@code ;}-separated statements without parameters in one round trip
   * (the simple protocol), for example the output of a managed object's {@code script()}. Without
   * explicit {@code BEGIN}/{@code COMMIT} the server runs it as one implicit transaction.
   */
  Mono<Void> executeScript(String script);

  /**
   * Runs {@code work} in a transaction with this session to itself: commits when the publisher
   * completes, rolls back when it fails or the subscription is cancelled before it completes.
   * The values {@code work} produced are emitted after the commit succeeded, so taking the first
   * one never rolls back. Other callers of this session wait until the transaction ends. Inside
   * {@code work}, use the session it is given (statements and managed objects reached from it run
   * in the transaction); a transaction inside a transaction joins the outer one.
   */
  <T> Flux<T> inTransaction(Function<? super S, ? extends Publisher<T>> work);

  /** Asks the server to cancel the statement this session runs now, if any. */
  Mono<Void> cancel();

  /** Re-reads version, user and database, and forgets the per-session state. */
  Mono<Void> refresh();

  /**
   * A new session on the same server, connected to another database. The caller closes it.
   */
  Mono<? extends S> connectTo(String database);

  /**
   * Closes the session. Further statements fail. Completes after the cancel requests sent for
   * statements this session was running (a cancelled subscription) were delivered or timed out,
   * so a process that exits when close() completes leaves no statement running on the server.
   */
  Mono<Void> close();

  /** Whether {@link #close()} was called. */
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
   */
  <V> V state(Class<V> key, Function<? super S, ? extends V> factory);
}
