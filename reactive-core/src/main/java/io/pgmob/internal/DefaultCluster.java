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
    /** BEGIN was sent: it rides the transaction's first statement, so a transaction that ran none sends nothing. */
    volatile boolean begun;
    /** The COMMIT rode a flight of the work ({@link #executeFlight}); none is sent after it. */
    volatile boolean committed;
    /** How many inTransaction calls joined this transaction and are still running: they may not commit it. */
    final java.util.concurrent.atomic.AtomicInteger joined = new java.util.concurrent.atomic.AtomicInteger();
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

  /** The facts of the session; {@code superuser} is null until a statement has read it. */
  private record Info(PgVersion version, String database, String currentUser, String sessionUser,
      @Nullable Boolean superuser, int pid) {

    /** Whether the facts the start-up messages do not carry have been read. */
    boolean complete() {
      return superuser != null && pid != 0;
    }

    Info withLateFacts(List<Row> rows) {
      Row r = rows.isEmpty() ? null : rows.get(0);
      Integer p = r == null ? null : r.getInt("pgmob_pid");
      return new Info(version, database, currentUser, sessionUser,
          r != null && Boolean.TRUE.equals(r.getBoolean("pgmob_superuser")), pid != 0 ? pid : p == null ? 0 : p);
    }
  }

  /**
   * The facts the start-up messages do not carry (whether the current user is a superuser; the
   * backend pid where the driver does not expose BackendKeyData): read riding a flight.
   */
  private static final String SUPERUSER = "SELECT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)"
      + " AS pgmob_superuser, pg_backend_pid() AS pgmob_pid";

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
                c.currentDatabase(), c.currentUser(), c.version(),
                c instanceof DefaultCluster d && d.shared.info.pid() != 0 ? d.shared.info.pid() : "read later");
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
    io.pgmob.session.PasswordProvider provider = spec.passwordProvider();
    if (provider == null) {
      return Mono.just(java.util.Optional.empty());
    }
    return Mono.defer(provider::password).map(java.util.Optional::<CharSequence>of)
        .defaultIfEmpty(java.util.Optional.empty())
        .onErrorMap(e -> !(e instanceof PgmobException), e -> new InvalidInputException(
            "the password supplier of " + spec.displayName() + " failed: " + e.getClass().getName()));
  }

  /**
   * The facts of the session from the start-up messages (server_version, the backend pid) and
   * the spec (database, user): no statement is sent. Only {@code become} sends one ({@code SET
   * ROLE}, with the superuser fact read in the same round trip).
   */
  private static Mono<Cluster> bootstrap(ConnectionSpec spec, Transport session) {
    return Mono.defer(() -> {
      Transport.Startup startup = session.startup();
      int num;
      try {
        num = versionNumber(startup.serverVersion());
      } catch (RuntimeException e) {
        return Mono.error(new NotPostgresException("unexpected server_version '" + startup.serverVersion() + "'",
            spec.displayName(), null));
      }
      PgVersion version = new PgVersion(num, "PostgreSQL " + startup.serverVersion());
      if (num < MIN_VERSION_NUM) {
        return Mono.error(new UnsupportedServerVersionException("PostgreSQL " + version
            + " is not supported; pgmob needs PostgreSQL 10 or newer", num, spec.displayName()));
      }
      String become = spec.become();
      Info info = new Info(version, spec.database(), become != null ? become : spec.user(), spec.user(), null,
          startup.backendPid());
      if (become == null) {
        return Mono.just(new DefaultCluster(new Shared(spec, session, info), null));
      }
      String sql = Sql.format("SET ROLE {}", Identifier.of(become)).text() + ";\n" + SUPERUSER;
      return session.flight(sql)
          .onErrorMap(e -> Errors.statement(e instanceof Transport.FailedStatement f ? f.getCause() : e,
              spec.displayName(), sql))
          .map(results -> new DefaultCluster(new Shared(spec, session, info.withLateFacts(results.get(1))), null));
    });
  }

  /**
   * {@code server_version_num} from a {@code server_version} ParameterStatus: {@code 16.4} is
   * 160004, {@code 9.6.24} is 90624, {@code 17beta1} and {@code 16.2 (Debian 16.2-1)} read their
   * leading numbers.
   */
  static int versionNumber(String serverVersion) {
    String s = serverVersion.strip();
    int end = 0;
    while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
      end++;
    }
    String[] parts = s.substring(0, end).split("\\.");
    int major = Integer.parseInt(parts[0]);
    if (major >= 10) {
      return major * 10000 + (parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0);
    }
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    int patch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
    return major * 10000 + minor * 100 + patch;
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

  /**
   * Known once a flight of statements has run on the session (it rides the first one); asked
   * before, it is read then, which a non-blocking thread cannot wait for.
   */
  @Override
  public boolean isSuperuser() {
    Boolean known = shared.info.superuser();
    return known != null ? known : Boolean.TRUE.equals(lateFacts().superuser());
  }

  /** The start-up facts completed, read now (blocking) if no flight has read them yet. */
  private Info lateFacts() {
    if (shared.info.complete()) {
      return shared.info;
    }
    if (reactor.core.scheduler.Schedulers.isInNonBlockingThread() || io.vertx.core.Context.isOnEventLoopThread()) {
      throw new IllegalStateException("whether the user of " + name() + " is a superuser is read with the session's"
          + " first flight of statements and is not known yet; a non-blocking thread cannot wait for it"
          + " (use superuser())");
    }
    Info read = shared.session.flight(SUPERUSER)
        .map(results -> shared.info.withLateFacts(results.get(0)))
        .onErrorMap(e -> Errors.statement(e instanceof Transport.FailedStatement f ? f.getCause() : e, name(),
            SUPERUSER))
        .block(shared.spec.connectTimeout());
    shared.info = java.util.Objects.requireNonNull(read);
    return read;
  }

  @Override
  public Mono<Boolean> superuser() {
    return Mono.defer(() -> {
      Boolean known = shared.info.superuser();
      if (known != null && shared.info.complete()) {
        return Mono.just(known);
      }
      return executeFlight(List.of(), false).map(x -> Boolean.TRUE.equals(shared.info.superuser()));
    });
  }

  @Override
  public int backendPid() {
    int pid = shared.info.pid();
    return pid != 0 ? pid : lateFacts().pid();
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
    return checked(sql, list, () -> guarded(sql, s -> begun(s, sql, list.isEmpty(), text -> s.query(text, list))));
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
    return checked(sql, list, () -> guarded(sql, s -> begun(s, sql, false, text -> s.queryStatement(text, list))));
  }

  @Override
  public Flux<Row> execute(SqlPart sql) {
    String text = sql.text();
    return guarded(sql.redacted(), Redaction.secrets(sql), s -> begun(s, text, true, t -> s.query(t, List.of())));
  }

  @Override
  public Mono<Long> update(String sql, @Nullable Object... params) {
    List<@Nullable Object> list = params == null ? List.of() : Arrays.asList(params);
    return checked(sql, list, () -> guarded(sql, s -> begun(s, sql, false, text -> s.update(text, list)))).next();
  }

  @Override
  public Mono<Long> update(SqlPart sql) {
    String text = sql.text();
    return guarded(sql.redacted(), Redaction.secrets(sql), s -> begun(s, text, false, t -> s.update(t, List.of())))
        .next();
  }

  @Override
  public Mono<Void> executeScript(String script) {
    return checked(script, List.of(), () -> guarded(script, s -> begun(s, script, false, text -> s.update(text, List.of())))).then();
  }

  /**
   * Sends {@code sql} through {@code send}; in a transaction whose BEGIN has not gone out yet,
   * the BEGIN rides along in the same message where it can ({@code ride}: a statement without
   * parameters whose rows are read, so BEGIN adds nothing to them), else it is sent first.
   */
  private <T> Publisher<T> begun(Transport s, String sql, boolean ride,
      Function<String, ? extends Publisher<T>> send) {
    Tx t = tx;
    if (t == null || t.begun) {
      return send.apply(sql);
    }
    t.begun = true;
    return ride ? send.apply("BEGIN;\n" + sql) : s.update("BEGIN", List.of()).thenMany(send.apply(sql));
  }

  @Override
  public Mono<List<List<Row>>> executeFlight(List<? extends SqlPart> statements, boolean commit) {
    List<SqlPart> list = List.copyOf(statements);
    String forErrors = String.join(";\n", list.stream().map(SqlPart::redacted).toList());
    List<String> secrets = list.stream().flatMap(p -> Redaction.secrets(p).stream()).toList();
    return guarded(forErrors, secrets, s -> Mono.defer(() -> {
      Tx t = tx;
      boolean commits = commit && t != null && t.open && !t.committed && t.joined.get() == 0;
      if (list.isEmpty() && (!commits || !t.begun) && shared.info.complete()) {
        if (commits) {
          t.committed = true;
        }
        return Mono.just(List.<List<Row>>of());
      }
      List<String> texts = new java.util.ArrayList<>();
      List<String> names = new java.util.ArrayList<>();
      if (t != null && !t.begun) {
        t.begun = true;
        texts.add("BEGIN");
        names.add("BEGIN");
      }
      boolean readsSuperuser = !shared.info.complete();
      if (readsSuperuser) {
        texts.add(SUPERUSER);
        names.add(SUPERUSER);
      }
      int skip = texts.size();
      for (SqlPart p : list) {
        texts.add(p.text());
        names.add(p.redacted());
      }
      if (commits) {
        texts.add("COMMIT");
        names.add("COMMIT");
      }
      return s.flight(String.join(";\n", texts))
          .map(results -> {
            if (readsSuperuser) {
              shared.info = shared.info.withLateFacts(results.get(skip - 1));
            }
            if (commits) {
              t.committed = true;
              t.ended.set(true);
            }
            return List.copyOf(results.subList(skip, skip + list.size()));
          })
          .onErrorMap(Transport.FailedStatement.class, f -> {
            int k = Math.min(f.index(), names.size() - 1);
            String which = k >= skip && k < skip + list.size()
                ? names.get(k) + " (statement " + (k - skip + 1) + " of " + list.size() + " sent in one round trip)"
                : names.get(k);
            return Errors.statement(f.getCause(), name(), which, secrets);
          });
    })).next();
  }

  @Override
  public <T> Flux<T> inTransaction(Function<? super Cluster, ? extends Publisher<T>> work) {
    if (inOpenTransaction()) {
      Tx joined = java.util.Objects.requireNonNull(tx);
      return Flux.defer(() -> {
        joined.joined.incrementAndGet();
        return Flux.from(work.apply(this)).doFinally(sig -> joined.joined.decrementAndGet());
      });
    }
    return Flux.defer(() -> {
      Tx t = new Tx();
      DefaultCluster view = new DefaultCluster(shared, t);
      // ROLLBACK is sent at most once, and only while the lock is held (from the error path or
      // the cancel path below, never after COMMIT succeeded), so it can never reach the server
      // after the next caller's BEGIN
      Mono<Void> rollback = Mono.defer(() -> t.ended.compareAndSet(false, true) && t.begun
          ? view.update("ROLLBACK").onErrorResume(x -> Mono.empty()).then() : Mono.empty());
      // values are collected and emitted after COMMIT: a subscriber that takes the first value and
      // cancels (next(), take(1)) must not roll the transaction back
      // BEGIN rides the work's first statement; COMMIT rides its last flight when the work says so
      // (executeFlight), else is sent here; a transaction that ran nothing sends neither
      Mono<List<T>> body = Flux.from(work.apply(view)).collectList()
          .flatMap(list -> (t.committed || !t.begun ? Mono.<Long>empty() : view.update("COMMIT"))
              .then(Mono.fromRunnable(() -> t.ended.set(true)))
              .thenReturn(list))
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
              p -> Mono.defer(() -> t.ended.get() || !t.begun || shared.closed ? Mono.<Void>empty()
                      : shared.cancelRunning())
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
