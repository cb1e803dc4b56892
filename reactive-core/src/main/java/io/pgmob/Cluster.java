package io.pgmob;

import io.pgmob.internal.DefaultCluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SqlSession;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One session to one PostgreSQL server and database ({@link SqlSession}), and the entry point to
 * its managed objects: the one type that lists every kind ({@link #roles()}, {@link
 * #databases()}, ...) and the cluster-wide operations.
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
public interface Cluster extends SqlSession<Cluster> {

  /**
   * Connects, checks that the server is PostgreSQL 10 or newer, and reads its version, database
   * and user; with {@link ConnectionSpec#become()} it then runs {@code SET ROLE}.
   *
   * <p>Fails, within the connect timeout, with {@link io.pgmob.error.ConnectionRefusedException},
   * {@link io.pgmob.error.ConnectTimeoutException}, {@link
   * io.pgmob.error.AuthenticationFailedException}, {@link io.pgmob.error.NotPostgresException} or
   * {@link io.pgmob.error.UnsupportedServerVersionException}.
   *
   * <pre>{@code
   * Cluster.connect(ConnectionSpec.builder().host("db1").database("app").user("admin")
   *         .password(System.getenv("PGPASSWORD")).build())
   *     .flatMap(c -> c.scalar("SELECT version()", String.class).flatMap(v -> c.close().thenReturn(v)))
   * }</pre>
   *
   * @param spec where and as whom to connect
   * @return the connected cluster; the caller closes it
   */
  static Mono<Cluster> connect(ConnectionSpec spec) {
    return DefaultCluster.connect(spec);
  }

  // ---- server control

  /**
   * Terminates the sessions the filter selects and returns their pids. Never this session, never
   * non-client server processes. Like {@code pg_terminate_backend}, it signals and returns: a
   * terminated backend may still be listed in {@code pg_stat_activity} for a moment.
   *
   * @param filter which sessions: by database, role, application name or pid, minus exclusions
   * @return the pids of the sessions signalled
   * @throws io.pgmob.error.InvalidInputException (as an error signal) for a filter that selects nothing
   */
  Mono<List<Integer>> terminate(TerminateFilter filter);

  /**
   * {@code pg_reload_conf()}. Note the server answers true even when it rejects the new files and
   * keeps the old settings: check {@code pg_hba_file_rules} or {@code pg_file_settings} for errors.
   *
   * @return what {@code pg_reload_conf()} returned: whether the signal was sent
   */
  Mono<Boolean> reload();

  /** A new cluster on the same server, connected to another database. The caller closes it. */
  @Override
  default Mono<Cluster> connectTo(String database) {
    return connect(spec().withDatabase(database));
  }

  // ---- managed objects: roles, memberships and privileges

  /**
   * The roles of this cluster: a lazy collection read from {@code pg_roles} once and cached until
   * {@link #refresh()}; also {@code create}, {@code ensure} and {@code drop}.
   *
   * @return the roles, cached for this session
   */
  default io.pgmob.role.Roles roles() {
    return io.pgmob.role.Roles.of(this);
  }

  /**
   * Grants and revokes privileges on databases, schemas, tables, sequences and functions, reads
   * ACLs, and manages default privileges.
   *
   * @return the privileges of this cluster's current database and its shared objects
   */
  default io.pgmob.privilege.Privileges privileges() {
    return io.pgmob.privilege.Privileges.of(this);
  }

  // (end of roles section)

  // ---- managed objects: databases, schemas, tables, views, sequences, routines, large objects, slots

  /** {@return the databases of this cluster (cached; see {@link io.pgmob.database.Databases})} */
  default io.pgmob.database.Databases databases() {
    return io.pgmob.database.Databases.of(this);
  }

  /** {@return the schemas of the current database} */
  default io.pgmob.schema.Schemas schemas() {
    return io.pgmob.schema.Schemas.of(this);
  }

  /** {@return the tables of the current database} */
  default io.pgmob.table.Tables tables() {
    return io.pgmob.table.Tables.of(this);
  }

  /** {@return the views and materialized views of the current database} */
  default io.pgmob.view.Views views() {
    return io.pgmob.view.Views.of(this);
  }

  /** {@return the sequences of the current database} */
  default io.pgmob.sequence.Sequences sequences() {
    return io.pgmob.sequence.Sequences.of(this);
  }

  /** {@return the functions, procedures, aggregates and window functions of the current database, one per overload} */
  default io.pgmob.routine.Routines routines() {
    return io.pgmob.routine.Routines.of(this);
  }

  /** {@return the large objects of the current database} */
  default io.pgmob.largeobject.LargeObjects largeObjects() {
    return io.pgmob.largeobject.LargeObjects.of(this);
  }

  /** {@return the replication slots of this cluster} */
  default io.pgmob.replication.ReplicationSlots replicationSlots() {
    return io.pgmob.replication.ReplicationSlots.of(this);
  }

  /**
   * {@code REASSIGN OWNED BY owner TO newOwner} in the current database (plus the shared objects
   * {@code owner} owns). See {@link ClusterObjects#reassignOwner(Cluster, String, String)}.
   *
   * @param newOwner the role that owns the objects afterwards
   * @param owner the role whose objects change owner
   * @return completes when the objects changed owner
   */
  default Mono<Void> reassignOwner(String newOwner, String owner) {
    return ClusterObjects.reassignOwner(this, newOwner, owner);
  }

  /**
   * Makes {@code newOwner} own each of {@code objects}, all in one transaction. See {@link
   * ClusterObjects#reassignOwner(Cluster, String, java.util.Collection)}.
   *
   * @param newOwner the role that owns the objects afterwards
   * @param objects the objects, as read from this cluster
   * @return the changes applied, one per object whose owner changed
   */
  default Mono<List<io.pgmob.managed.Change>> reassignOwner(String newOwner,
      java.util.Collection<? extends io.pgmob.managed.OwnedObject> objects) {
    return ClusterObjects.reassignOwner(this, newOwner, objects);
  }

  /**
   * Runs {@code operation} on a new session to each connectable database of this cluster, a few
   * at a time, closing each session afterwards. See {@link
   * ClusterObjects#forEachDatabase(Cluster, Function, int)}.
   *
   * @param <T> what the operation emits
   * @param operation what to do in each database, given a session to it
   * @return what the operations emitted, database by database as they finish
   */
  default <T> Flux<T> forEachDatabase(Function<Cluster, ? extends Publisher<T>> operation) {
    return ClusterObjects.forEachDatabase(this, operation);
  }

  /**
   * {@link #forEachDatabase(Function)} with at most {@code concurrency} databases at once.
   *
   * @param <T> what the operation emits
   * @param operation what to do in each database, given a session to it
   * @param concurrency databases worked on at once, at least 1
   * @return what the operations emitted, database by database as they finish
   */
  default <T> Flux<T> forEachDatabase(Function<Cluster, ? extends Publisher<T>> operation, int concurrency) {
    return ClusterObjects.forEachDatabase(this, operation, concurrency);
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
   *
   * @param command the program and its arguments, each quoted for exactly one shell layer
   * @return the exit status and output, once the command exited with status 0
   */
  default Mono<io.pgmob.os.CommandResult> runOsCommand(io.pgmob.os.CommandLine command) {
    return io.pgmob.os.OsCommands.run(this, command, true);
  }

  /**
   * {@link #runOsCommand(io.pgmob.os.CommandLine)} for one program and its arguments.
   *
   * @param program the program, found on the server's {@code PATH} or given by path
   * @param args its arguments, each passed as exactly one argument
   * @return the exit status and output, once the command exited with status 0
   */
  default Mono<io.pgmob.os.CommandResult> runOsCommand(String program, String... args) {
    return Mono.defer(() -> runOsCommand(io.pgmob.os.CommandLine.of(program, args)));
  }

  /**
   * {@link #runOsCommand(io.pgmob.os.CommandLine)}; with {@code failOnNonZeroExit} false a
   * non-zero exit is returned in the result instead of signalled as an error.
   *
   * @param command the program and its arguments
   * @param failOnNonZeroExit whether a non-zero exit status is an error
   * @return the exit status and output
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
   *
   * @return the rules of the server's {@code hba_file}
   */
  default io.pgmob.hba.HbaRules hbaRules() {
    return io.pgmob.hba.HbaRules.of(this);
  }

  /**
   * The server's settings ({@code pg_settings}), {@code ALTER SYSTEM}, and per-database and
   * per-role defaults.
   *
   * <pre>{@code
   * cluster.settings().alter().set("work_mem", "64MB").apply()
   * }</pre>
   *
   * @return the settings of this cluster
   */
  default io.pgmob.settings.Settings settings() {
    return io.pgmob.settings.Settings.of(this);
  }

  /**
   * Backups and restores with pg_dump / pg_restore run on the server host.
   *
   * <pre>{@code
   * cluster.backups().toFile().basePath("/backups").backup("app", "app.dump")
   * }</pre>
   *
   * @return backups and restores of this cluster's databases
   */
  default io.pgmob.backup.Backups backups() {
    return io.pgmob.backup.Backups.of(this);
  }

  // (end of server control section)
}
