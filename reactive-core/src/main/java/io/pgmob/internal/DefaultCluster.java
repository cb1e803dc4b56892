package io.pgmob.internal;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.Permits;
import io.pgmob.session.PgVersion;
import io.pgmob.session.Row;
import io.pgmob.TerminateFilter;
import io.pgmob.error.ConnectTimeoutException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.NotPostgresException;
import io.pgmob.error.PgmobException;
import io.pgmob.error.UnsupportedServerVersionException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.sql.SqlPart;
import io.pgmob.sql.SqlText;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The default {@link Cluster}: one {@link Transport}, a lock for transactions, per-session state. */
public final class DefaultCluster implements Cluster {

  /** The oldest server pgmob supports, as {@code server_version_num}. */
  public static final int MIN_VERSION_NUM = 100000;

  private static final String BOOTSTRAP = "SELECT current_setting('server_version_num') AS num, version() AS v,"
      + " current_database() AS db, current_user AS cu, session_user AS su, pg_backend_pid() AS pid,"
      + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super";

  /** How long a cancel request may take before the session is released anyway. */
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);

  /**
   * DEBUG: each connect (target, address, server version, backend pid) and each statement as sent,
   * with secrets redacted ({@link Redaction}); what an operator needs to trace a run.
   */
  private static final Logger LOG = LoggerFactory.getLogger(DefaultCluster.class);

  private final Shared shared;
  /** Null for the cluster itself; the transaction this view belongs to otherwise. */
  private final @Nullable Tx tx;
  /** This view's per-session state: the shared one for the cluster, the transaction's own for a transaction. */
  private final ConcurrentMap<Class<?>, Object> state;

  /** One transaction: its view runs statements without the lock only while the transaction is open. */
  private static final class Tx {
    volatile boolean open = true;
    /** Set once COMMIT succeeded or ROLLBACK was sent: nothing may be rolled back any more. */
    final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
  }

  /** State shared by a cluster and its transaction views. */
  private static final class Shared {
    final ConnectionSpec spec;
    final Transport session;
    final Permits lock = new Permits(1);
    final ConcurrentMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    /** Cancel requests on their way to the server: close() waits for them (bounded). */
    final java.util.Set<Sinks.Empty<Void>> cancelsInFlight = ConcurrentHashMap.newKeySet();
    volatile Info info;
    volatile boolean closed;

    /**
     * Sends a cancel request for the statement this session runs, bounded and never failing (a
     * cancel that reaches an idle backend is a no-op). Closing the session waits for it: closing
     * the socket does not stop a running statement, and a process that exits right after close()
     * would otherwise take an undelivered cancel request with it.
     */
    Mono<Void> cancelRunning() {
      return Mono.defer(() -> {
        Sinks.Empty<Void> delivered = Sinks.empty();
        cancelsInFlight.add(delivered);
        return session.cancel()
            // a cancel request that never completes must not keep the session locked forever
            .timeout(CANCEL_TIMEOUT)
            .onErrorResume(e -> Mono.empty())
            .doFinally(sig -> {
              cancelsInFlight.remove(delivered);
              delivered.tryEmitEmpty();
            });
      });
    }

    /** Completes when every cancel request sent so far has been delivered or has timed out. */
    Mono<Void> cancelsDelivered() {
      return Flux.fromIterable(List.copyOf(cancelsInFlight)).flatMap(Sinks.Empty::asMono).then();
    }

    Shared(ConnectionSpec spec, Transport session, Info info) {
      this.spec = spec;
      this.session = session;
      this.info = info;
    }
  }

  private record Info(PgVersion version, String database, String currentUser, String sessionUser,
      boolean superuser, int pid) {}

  private DefaultCluster(Shared shared, @Nullable Tx tx) {
    this.shared = shared;
    this.tx = tx;
    this.state = tx == null ? shared.attachments : new ConcurrentHashMap<>();
  }

  /** Whether this view is a transaction that is still open (and so holds the session lock). */
  private boolean inOpenTransaction() {
    Tx t = tx;
    return t != null && t.open;
  }

  /** See {@link Cluster#connect(ConnectionSpec)}. */
  public static Mono<Cluster> connect(ConnectionSpec spec) {
    String address = spec.host() + ":" + spec.port();
    Duration timeout = spec.connectTimeout();
    // the driver's one-time start-up is not the server's answer time: outside the timeout
    return password(spec)
        .flatMap(password -> Transports.ready(spec)
            .then(Mono.defer(() -> Transports.open(spec, password.orElse(null)))
                .onErrorMap(e -> Errors.connect(e, spec.displayName(), address))))
        .flatMap(session -> bootstrap(spec, session)
            .onErrorResume(e -> session.close().then(Mono.error(e))))
        .doOnNext(c -> {
          if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] connected to {}/{} as {}: PostgreSQL {}, backend pid {}", spec.displayName(), address,
                c.currentDatabase(), c.currentUser(), c.version(), c.backendPid());
          }
        })
        .doOnError(e -> LOG.debug("[{}] connecting to {} failed: {}", spec.displayName(), address, e.getMessage()))
        .timeout(timeout, Mono.error(() -> new ConnectTimeoutException("no PostgreSQL answer from " + address
            + " within " + timeout.toMillis() + " ms (is something else listening there?)", spec.displayName(), null)));
  }

  /**
   * Asks the password supplier exactly once per connect, before opening, and hands the value to
   * the transport: a supplier that fails (a missing environment variable or file) is reported as
   * its own error, not as a broken-off handshake that reads like a peer that does not speak the
   * protocol, and a supplier that hands out short-lived tokens is not asked twice.
   */
  private static Mono<java.util.Optional<CharSequence>> password(ConnectionSpec spec) {
    java.util.function.Supplier<? extends CharSequence> supplier = spec.passwordSupplier();
    if (supplier == null) {
      return Mono.just(java.util.Optional.empty());
    }
    return Mono.fromCallable(() -> java.util.Optional.<CharSequence>ofNullable(supplier.get()))
        .onErrorMap(e -> !(e instanceof PgmobException), e -> new InvalidInputException(
            "the password supplier of " + spec.displayName() + " failed: " + e.getClass().getName()));
  }

  private static Mono<Cluster> bootstrap(ConnectionSpec spec, Transport session) {
    String sql = spec.become() == null
        ? BOOTSTRAP
        : Sql.format("SET ROLE {}", Identifier.of(spec.become())).text() + "; " + BOOTSTRAP;
    return readInfo(spec, session, sql).map(info -> new DefaultCluster(new Shared(spec, session, info), null));
  }

  private static Mono<Info> readInfo(ConnectionSpec spec, Transport session, String sql) {
    return session.query(sql, List.of())
        .filter(r -> r.columns().contains("num"))
        .next()
        .onErrorMap(e -> Errors.statement(e, spec.displayName(), sql))
        .switchIfEmpty(Mono.error(() -> new NotPostgresException("the server answered the version query with no row",
            spec.displayName(), null)))
        .flatMap(r -> {
          String text = String.valueOf(r.getString("v"));
          int num;
          try {
            num = Integer.parseInt(String.valueOf(r.getString("num")));
          } catch (NumberFormatException e) {
            return Mono.error(new NotPostgresException("unexpected server_version_num '" + r.getString("num") + "'",
                spec.displayName(), e));
          }
          if (!text.startsWith("PostgreSQL")) {
            return Mono.error(new NotPostgresException("the server is not PostgreSQL: " + text, spec.displayName(), null));
          }
          if (num < MIN_VERSION_NUM) {
            return Mono.error(new UnsupportedServerVersionException("PostgreSQL " + new PgVersion(num, text)
                + " is not supported; pgmob needs PostgreSQL 10 or newer", num, spec.displayName()));
          }
          return Mono.just(new Info(new PgVersion(num, text), String.valueOf(r.getString("db")),
              String.valueOf(r.getString("cu")), String.valueOf(r.getString("su")),
              Boolean.TRUE.equals(r.getBoolean("super")), r.getInt("pid") == null ? 0 : r.getInt("pid")));
        });
  }

  @Override
  public ConnectionSpec spec() {
    return shared.spec;
  }

  @Override
  public PgVersion version() {
    return shared.info.version();
  }

  @Override
  public String currentDatabase() {
    return shared.info.database();
  }

  @Override
  public String currentUser() {
    return shared.info.currentUser();
  }

  @Override
  public String sessionUser() {
    return shared.info.sessionUser();
  }

  @Override
  public boolean isSuperuser() {
    return shared.info.superuser();
  }

  @Override
  public int backendPid() {
    return shared.info.pid();
  }

  /**
   * Runs {@code work} on the session holding the lock (unless inside a transaction, which holds it
   * already). If the subscriber cancels while the statement still runs, a cancel request goes to
   * the server and the lock is released only after it was delivered, so it cannot hit the next
   * statement (a cancel that reaches an idle backend is a no-op).
   */
  private <T> Flux<T> guarded(String statementForErrors, Function<Transport, Publisher<T>> work) {
    return guarded(statementForErrors, List.of(), work);
  }

  private <T> Flux<T> guarded(String statementForErrors, List<String> secrets, Function<Transport, Publisher<T>> work) {
    if (inOpenTransaction()) {
      return run(statementForErrors, secrets, work);
    }
    return Flux.usingWhen(shared.lock.acquire().map(p -> new Running(p)),
        r -> run(statementForErrors, secrets, work).doOnTerminate(() -> r.done = true),
        r -> Mono.fromRunnable(r.permit::release),
        (r, e) -> Mono.fromRunnable(r.permit::release),
        r -> (r.done || shared.closed ? Mono.<Void>empty() : shared.cancelRunning())
            .doFinally(sig -> r.permit.release()));
  }

  private static final class Running {
    final Permits.Permit permit;
    volatile boolean done;

    Running(Permits.Permit permit) {
      this.permit = permit;
    }
  }

  private <T> Flux<T> run(String statementForErrors, List<String> secrets, Function<Transport, Publisher<T>> work) {
    return Flux.defer(() -> {
      if (shared.closed) {
        return Flux.error(new PgmobException("the cluster connection is closed", name(),
            Redaction.redact(statementForErrors), null, null));
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] {}", name(), Redaction.scrub(statementForErrors, secrets));
      }
      return Flux.from(work.apply(shared.session));
    }).onErrorMap(e -> Errors.statement(e, name(), statementForErrors, secrets));
  }

  @Override
  public Flux<Row> execute(String sql, @Nullable Object... params) {
    List<@Nullable Object> list = params == null ? List.of() : Arrays.asList(params);
    return checked(sql, list, () -> guarded(sql, s -> s.query(sql, list)));
  }

  /**
   * {@code statement} once the SQL text and the bind parameters passed {@link SqlText}'s rule (no
   * NUL, no unpaired surrogate), else that refusal as the error, before anything reaches the wire.
   */
  private static <T> Flux<T> checked(String sql, List<@Nullable Object> params, Supplier<Flux<T>> statement) {
    return Flux.defer(() -> {
      SqlText.check(sql, "the SQL text");
      SqlText.checkParameters(params);
      return statement.get();
    });
  }

  @Override
  public Flux<Row> executeStatement(String sql, @Nullable Object... params) {
    List<@Nullable Object> list = params == null ? List.of() : Arrays.asList(params);
    return checked(sql, list, () -> guarded(sql, s -> s.queryStatement(sql, list)));
  }

  @Override
  public Flux<Row> execute(SqlPart sql) {
    String text = sql.text();
    return guarded(sql.redacted(), Redaction.secrets(sql), s -> s.query(text, List.of()));
  }

  @Override
  public Mono<Long> update(String sql, @Nullable Object... params) {
    List<@Nullable Object> list = params == null ? List.of() : Arrays.asList(params);
    return checked(sql, list, () -> guarded(sql, s -> s.update(sql, list))).next();
  }

  @Override
  public Mono<Long> update(SqlPart sql) {
    String text = sql.text();
    return guarded(sql.redacted(), Redaction.secrets(sql), s -> s.update(text, List.of())).next();
  }

  @Override
  public Mono<Void> executeScript(String script) {
    return checked(script, List.of(), () -> guarded(script, s -> s.update(script, List.of()))).then();
  }

  @Override
  public <T> Flux<T> inTransaction(Function<? super Cluster, ? extends Publisher<T>> work) {
    if (inOpenTransaction()) {
      return Flux.defer(() -> work.apply(this));
    }
    return Flux.defer(() -> {
      Tx t = new Tx();
      DefaultCluster view = new DefaultCluster(shared, t);
      // ROLLBACK is sent at most once, and only while the lock is held (from the error path or
      // the cancel path below, never after COMMIT succeeded), so it can never reach the server
      // after the next caller's BEGIN
      Mono<Void> rollback = Mono.defer(() -> t.ended.compareAndSet(false, true)
          ? view.update("ROLLBACK").onErrorResume(x -> Mono.empty()).then() : Mono.empty());
      // values are collected and emitted after COMMIT: a subscriber that takes the first value and
      // cancels (next(), take(1)) must not roll the transaction back
      Mono<List<T>> body = view.update("BEGIN")
          .then(Flux.from(work.apply(view)).collectList())
          .flatMap(list -> view.update("COMMIT").doOnSuccess(x -> t.ended.set(true)).thenReturn(list))
          .onErrorResume(e -> rollback.then(Mono.error(e)));
      Runnable end = () -> {
        t.open = false;
        if (!view.state.isEmpty()) {
          // managed objects used in the transaction may have changed what the cluster's cached
          shared.attachments.clear();
        }
      };
      return Flux.usingWhen(shared.lock.acquire(), p -> body,
              p -> Mono.fromRunnable(() -> {
                end.run();
                p.release();
              }),
              (p, e) -> Mono.fromRunnable(() -> {
                end.run();
                p.release();
              }),
              // a statement of the work may still run: stop it on the server first (ROLLBACK would
              // otherwise wait behind it, and the session with it), then roll back
              p -> Mono.defer(() -> t.ended.get() || shared.closed ? Mono.<Void>empty() : shared.cancelRunning())
                  .then(rollback)
                  .doFinally(sig -> {
                    end.run();
                    p.release();
                  }))
          .flatMapIterable(list -> list);
    });
  }

  @Override
  public Mono<Void> cancel() {
    return shared.session.cancel().onErrorMap(e -> Errors.statement(e, name(), "cancel request"));
  }

  @Override
  public Mono<List<Integer>> terminate(TerminateFilter f) {
    if (f.isEmpty()) {
      return Mono.error(new InvalidInputException(
          "the terminate filter selects no sessions; name databases, roles, applications or pids, or use TerminateFilter.all()"));
    }
    String sql = "SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity"
        + " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
        + " AND (cardinality($1::text[]) = 0 OR datname = ANY($1))"
        + " AND (datname IS NULL OR NOT datname = ANY($2))"
        + " AND (cardinality($3::text[]) = 0 OR usename = ANY($3))"
        + " AND (usename IS NULL OR NOT usename = ANY($4))"
        + " AND (cardinality($5::text[]) = 0 OR application_name = ANY($5))"
        + " AND (cardinality($6::int[]) = 0 OR pid = ANY($6))"
        + " AND NOT pid = ANY($7)";
    return execute(sql, f.databases().toArray(String[]::new), f.excludeDatabases().toArray(String[]::new),
            f.roles().toArray(String[]::new), f.excludeRoles().toArray(String[]::new),
            f.applications().toArray(String[]::new), f.pids().toArray(Integer[]::new),
            f.excludePids().toArray(Integer[]::new))
        .filter(r -> Boolean.TRUE.equals(r.getBoolean("terminated")))
        .map(r -> r.getInt("pid"))
        .collectList();
  }

  @Override
  public Mono<Boolean> reload() {
    return scalar("SELECT pg_reload_conf()", Boolean.class);
  }

  @Override
  public Mono<Void> refresh() {
    return guarded(BOOTSTRAP, s -> readInfo(shared.spec, s, BOOTSTRAP))
        .next()
        .doOnNext(info -> {
          shared.info = info;
          state.clear();
          shared.attachments.clear();
        })
        .then();
  }

  @Override
  public Mono<Void> close() {
    return Mono.defer(() -> {
      shared.closed = true;
      shared.attachments.clear();
      return shared.cancelsDelivered().then(shared.session.close());
    });
  }

  @Override
  public boolean isClosed() {
    return shared.closed;
  }

  @Override
  public <V> V state(Class<V> key, Function<? super Cluster, ? extends V> factory) {
    Tx t = tx;
    if (t != null && !t.open) {
      // a snapshot read in a transaction that has ended: its collections are the session's
      return key.cast(shared.attachments.computeIfAbsent(key, k -> factory.apply(new DefaultCluster(shared, null))));
    }
    return key.cast(state.computeIfAbsent(key, k -> factory.apply(this)));
  }

  @Override
  public String toString() {
    return "Cluster[" + name() + ", PostgreSQL " + version() + ", database " + currentDatabase() + ", user "
        + currentUser() + "]";
  }
}
