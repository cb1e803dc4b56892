package io.pgmob;

import io.pgmob.internal.DefaultCluster;
import io.pgmob.sql.SqlPart;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One session to one PostgreSQL server and database, and the entry point to its managed objects.
 *
 * <pre>{@code
 * Cluster.connect(spec)
 *     .flatMapMany(cluster -> cluster.execute("SELECT datname FROM pg_database WHERE datname LIKE $1", "app%")
 *         .map(row -> row.getString("datname"))
 *         .doFinally(s -> cluster.close().subscribe()))
 *     .subscribe(System.out::println);
 * }</pre>
 *
 * <p>Nothing happens until a returned publisher is subscribed. Statements from concurrent callers
 * are queued on the one session in subscription order; {@link #inTransaction(Function)} gets the
 * session to itself until it ends. Cancelling a subscription while its statement runs sends the
 * server a cancel request, so no work is left running. Failures are {@link
 * io.pgmob.error.PgmobException}s naming the cluster and the statement (secrets redacted).
 *
 * <p>Thread-safe.
 */
public interface Cluster {

  /**
   * Connects, checks that the server is PostgreSQL 10 or newer, and reads its version, database
   * and user; with {@link ConnectionSpec#become()} it then runs {@code SET ROLE}.
   *
   * <p>Fails, within the connect timeout, with {@link io.pgmob.error.ConnectionRefusedException},
   * {@link io.pgmob.error.ConnectTimeoutException}, {@link
   * io.pgmob.error.AuthenticationFailedException}, {@link io.pgmob.error.NotPostgresException} or
   * {@link io.pgmob.error.UnsupportedServerVersionException}.
   */
  static Mono<Cluster> connect(ConnectionSpec spec) {
    return DefaultCluster.connect(spec);
  }

  /** The spec this cluster was connected with. */
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
   * one never rolls back. Other callers of this cluster wait until the transaction ends.
   */
  <T> Flux<T> inTransaction(Function<Cluster, ? extends Publisher<T>> work);

  /** Asks the server to cancel the statement this session runs now, if any. */
  Mono<Void> cancel();

  // ---- server control

  /**
   * Terminates the sessions the filter selects and returns their pids. Never this session, never
   * non-client server processes. Like {@code pg_terminate_backend}, it signals and returns: a
   * terminated backend may still be listed in {@code pg_stat_activity} for a moment.
   *
   * @throws io.pgmob.error.InvalidInputException (as an error signal) for a filter that selects nothing
   */
  Mono<List<Integer>> terminate(TerminateFilter filter);

  /**
   * {@code pg_reload_conf()}. Note the server answers true even when it rejects the new files and
   * keeps the old settings: check {@code pg_hba_file_rules} or {@code pg_file_settings} for errors.
   */
  Mono<Boolean> reload();

  /** Re-reads version, user and database, and forgets cached collections. */
  Mono<Void> refresh();

  /** A new cluster on the same server, connected to another database. The caller closes it. */
  default Mono<Cluster> connectTo(String database) {
    return connect(spec().withDatabase(database));
  }

  /** Closes the session. Further statements fail. */
  Mono<Void> close();

  /** Whether {@link #close()} was called. */
  boolean isClosed();

  // ---- managed objects: roles, memberships and privileges

  /**
   * The roles of this cluster: a lazy collection read from {@code pg_roles} once and cached until
   * {@link #refresh()}; also {@code create}, {@code ensure} and {@code drop}.
   */
  default io.pgmob.role.Roles roles() {
    return attachment(io.pgmob.role.Roles.class, io.pgmob.role.Roles::new);
  }

  /**
   * Grants and revokes privileges on databases, schemas, tables, sequences and functions, reads
   * ACLs, and manages default privileges.
   */
  default io.pgmob.privilege.Privileges privileges() {
    return attachment(io.pgmob.privilege.Privileges.class, io.pgmob.privilege.Privileges::new);
  }

  // (end of roles section)

  // ---- managed objects: databases, schemas, tables, views, sequences, routines, large objects, slots

  /** The databases of this cluster (cached; see {@link io.pgmob.database.Databases}). */
  default io.pgmob.database.Databases databases() {
    return attachment(io.pgmob.database.Databases.class, io.pgmob.database.Databases::new);
  }

  /** The schemas of the current database. */
  default io.pgmob.schema.Schemas schemas() {
    return attachment(io.pgmob.schema.Schemas.class, io.pgmob.schema.Schemas::new);
  }

  /** The tables of the current database. */
  default io.pgmob.table.Tables tables() {
    return attachment(io.pgmob.table.Tables.class, io.pgmob.table.Tables::new);
  }

  /** The views and materialized views of the current database. */
  default io.pgmob.view.Views views() {
    return attachment(io.pgmob.view.Views.class, io.pgmob.view.Views::new);
  }

  /** The sequences of the current database. */
  default io.pgmob.sequence.Sequences sequences() {
    return attachment(io.pgmob.sequence.Sequences.class, io.pgmob.sequence.Sequences::new);
  }

  /** The functions, procedures, aggregates and window functions of the current database, one per overload. */
  default io.pgmob.routine.Routines routines() {
    return attachment(io.pgmob.routine.Routines.class, io.pgmob.routine.Routines::new);
  }

  /** The large objects of the current database. */
  default io.pgmob.largeobject.LargeObjects largeObjects() {
    return attachment(io.pgmob.largeobject.LargeObjects.class, io.pgmob.largeobject.LargeObjects::new);
  }

  /** The replication slots of this cluster. */
  default io.pgmob.replication.ReplicationSlots replicationSlots() {
    return attachment(io.pgmob.replication.ReplicationSlots.class, io.pgmob.replication.ReplicationSlots::new);
  }

  /**
   * {@code REASSIGN OWNED BY owner TO newOwner} in the current database (plus the shared objects
   * {@code owner} owns). See {@link io.pgmob.objects.ClusterObjects#reassignOwner(Cluster, String, String)}.
   */
  default Mono<Void> reassignOwner(String newOwner, String owner) {
    return io.pgmob.objects.ClusterObjects.reassignOwner(this, newOwner, owner);
  }

  /**
   * Makes {@code newOwner} own each of {@code objects}, all in one transaction. See {@link
   * io.pgmob.objects.ClusterObjects#reassignOwner(Cluster, String, java.util.Collection)}.
   */
  default Mono<List<io.pgmob.managed.Change>> reassignOwner(String newOwner,
      java.util.Collection<? extends io.pgmob.objects.OwnedObject> objects) {
    return io.pgmob.objects.ClusterObjects.reassignOwner(this, newOwner, objects);
  }

  /**
   * Runs {@code operation} on a new session to each connectable database of this cluster, a few
   * at a time, closing each session afterwards. See {@link
   * io.pgmob.objects.ClusterObjects#forEachDatabase(Cluster, Function, int)}.
   */
  default <T> Flux<T> forEachDatabase(Function<Cluster, ? extends Publisher<T>> operation) {
    return io.pgmob.objects.ClusterObjects.forEachDatabase(this, operation);
  }

  /** {@link #forEachDatabase(Function)} with at most {@code concurrency} databases at once. */
  default <T> Flux<T> forEachDatabase(Function<Cluster, ? extends Publisher<T>> operation, int concurrency) {
    return io.pgmob.objects.ClusterObjects.forEachDatabase(this, operation, concurrency);
  }

  // (end of objects section)

  // ---- server control: OS commands, pg_hba rules, settings, backup and restore

  /**
   * Runs an OS command on the server host through {@code COPY ... FROM PROGRAM} and returns its
   * exit status and combined standard output and error. Each word of {@code command} reaches the
   * program as exactly one argument, whatever it contains.
   *
   * <pre>{@code
   * cluster.runOsCommand(CommandLine.of("df", "-h", dataDir)).map(CommandResult::output)
   * }</pre>
   *
   * <p>Errors: {@link io.pgmob.os.OsCommandFailedException} (carrying status and output) for a
   * non-zero exit; {@link io.pgmob.error.InsufficientPrivilegeException} when the role is neither
   * superuser nor a member of {@code pg_execute_server_program}.
   */
  default Mono<io.pgmob.os.CommandResult> runOsCommand(io.pgmob.os.CommandLine command) {
    return io.pgmob.os.OsCommands.run(this, command, true);
  }

  /** {@link #runOsCommand(io.pgmob.os.CommandLine)} for one program and its arguments. */
  default Mono<io.pgmob.os.CommandResult> runOsCommand(String program, String... args) {
    return Mono.defer(() -> runOsCommand(io.pgmob.os.CommandLine.of(program, args)));
  }

  /**
   * {@link #runOsCommand(io.pgmob.os.CommandLine)}; with {@code failOnNonZeroExit} false a
   * non-zero exit is returned in the result instead of signalled as an error.
   */
  default Mono<io.pgmob.os.CommandResult> runOsCommand(io.pgmob.os.CommandLine command, boolean failOnNonZeroExit) {
    return io.pgmob.os.OsCommands.run(this, command, failOnNonZeroExit);
  }

  /**
   * The {@code pg_hba.conf} rules, read and written over SQL.
   *
   * <pre>{@code
   * cluster.hbaRules().insert(0, HbaRule.host("app", "intruder", "all", "reject"))
   * }</pre>
   */
  default io.pgmob.hba.HbaRules hbaRules() {
    return attachment(io.pgmob.hba.HbaRules.class, io.pgmob.hba.HbaRules::new);
  }

  /**
   * The server's settings ({@code pg_settings}), {@code ALTER SYSTEM}, and per-database and
   * per-role defaults.
   *
   * <pre>{@code
   * cluster.settings().alter().set("work_mem", "64MB").apply()
   * }</pre>
   */
  default io.pgmob.settings.Settings settings() {
    return attachment(io.pgmob.settings.Settings.class, io.pgmob.settings.Settings::new);
  }

  /**
   * Backups and restores with pg_dump / pg_restore run on the server host.
   *
   * <pre>{@code
   * cluster.backups().toFile().basePath("/backups").backup("app", "app.dump")
   * }</pre>
   */
  default io.pgmob.backup.Backups backups() {
    return attachment(io.pgmob.backup.Backups.class, io.pgmob.backup.Backups::new);
  }

  // (end of server control section)

  // ---- extension point for managed object collections

  /**
   * A per-cluster value created on first use and kept until {@link #refresh()}: how collections
   * such as {@code roles()} are cached without the cluster knowing each kind.
   */
  <T> T attachment(Class<T> key, Function<Cluster, T> factory);
}
