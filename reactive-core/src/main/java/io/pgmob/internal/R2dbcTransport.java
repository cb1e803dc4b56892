package io.pgmob.internal;

import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.Row;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.postgresql.api.PostgresqlStatement;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.postgresql.util.LogLevel;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.resources.LoopResources;

/**
 * {@link Transport} over one r2dbc-postgresql connection. One set of event loops is shared by
 * every connection in the JVM (sized to the cores, at most 4); one connection factory is built per
 * {@link ConnectionSpec} and reused for reconnects. Extensions are not auto-detected (that costs a
 * {@code pg_type} round trip per connect).
 */
final class R2dbcTransport implements Transport {

  private static final LoopResources LOOPS = LoopResources.create("pgmob",
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), true);

  /** The driver factory of each spec, kept as long as the spec is reachable. */
  private static final Map<ConnectionSpec, PostgresqlConnectionFactory> FACTORIES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The subscriber-context key under which {@link #open} hands the driver this connect's password. */
  private static final Object PASSWORD = new Object();

  private final PostgresqlConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();

  R2dbcTransport(PostgresqlConnection connection) {
    this.connection = connection;
  }

  /**
   * Opens a connection for {@code spec} with the password given for this connect. The factory is
   * shared by every connect of a spec, so the password reaches the driver through the subscriber
   * context instead of the spec's supplier, which the caller has already asked once. Errors are
   * the driver's; callers translate them.
   */
  static Mono<R2dbcTransport> open(ConnectionSpec spec, @Nullable CharSequence password) {
    return Mono.defer(() -> factory(spec).create())
        .contextWrite(ctx -> password == null ? ctx : ctx.put(PASSWORD, password))
        .map(R2dbcTransport::new);
  }

  static PostgresqlConnectionFactory factory(ConnectionSpec spec) {
    return FACTORIES.computeIfAbsent(spec, R2dbcTransport::newFactory);
  }

  private static PostgresqlConnectionFactory newFactory(ConnectionSpec spec) {
    PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
        .host(spec.host())
        .port(spec.port())
        .database(spec.database())
        .username(spec.user())
        .applicationName(spec.applicationName())
        .connectTimeout(spec.connectTimeout())
        .autodetectExtensions(false)
        .loopResources(LOOPS)
        .tcpNoDelay(true)
        .tcpKeepAlive(true)
        .preparedStatementCacheQueries(32)
        .errorResponseLogLevel(LogLevel.OFF)
        .noticeLogLevel(LogLevel.DEBUG);
    tls(b, spec);
    if (spec.hasPassword()) {
      b.password(Mono.deferContextual(ctx -> Mono.justOrEmpty(ctx.<CharSequence>getOrEmpty(PASSWORD))));
    }
    if (spec.statementTimeout() != null) {
      b.statementTimeout(spec.statementTimeout());
    }
    Map<String, String> options = new LinkedHashMap<>(spec.options());
    if (!options.isEmpty()) {
      b.options(options);
    }
    return new PostgresqlConnectionFactory(b.build());
  }

  /**
   * libpq's TLS modes with the spec's own files: the CA bundle replaces the JDK's trust store for
   * the verifying modes (and makes REQUIRE verify the chain, as libpq does), the client
   * certificate is presented in every mode that may encrypt. The files are read by {@link
   * TlsMaterial}, the same code the Vert.x transport uses.
   */
  private static void tls(PostgresqlConnectionConfiguration.Builder b, ConnectionSpec spec) {
    TlsMaterial material = TlsMaterial.of(spec);
    io.pgmob.session.SslMode mode = spec.sslMode();
    if (mode == io.pgmob.session.SslMode.REQUIRE && material != null && material.trust() != null) {
      mode = io.pgmob.session.SslMode.VERIFY_CA;
    }
    b.sslMode(SSLMode.valueOf(mode.name()));
    if (mode == io.pgmob.session.SslMode.DISABLE) {
      return;
    }
    boolean verify = mode == io.pgmob.session.SslMode.VERIFY_CA || mode == io.pgmob.session.SslMode.VERIFY_FULL;
    javax.net.ssl.TrustManagerFactory trust = verify && material != null ? material.trust() : null;
    javax.net.ssl.KeyManagerFactory keys = material != null ? material.keys() : null;
    // Netty 4.2 checks the host name in every client engine that knows its peer; libpq does only in verify-full
    String endpointCheck = mode == io.pgmob.session.SslMode.VERIFY_FULL ? "HTTPS" : null;
    b.sslContextBuilderCustomizer(context -> {
      context.endpointIdentificationAlgorithm(endpointCheck);
      if (trust != null) {
        context.trustManager(trust);
      }
      if (keys != null) {
        context.keyManager(keys);
      }
      return context;
    });
  }

  /** Whether the statement sent last has ended (its results were read to the end, or failed). */
  private static final class Running {
    volatile boolean ended;
  }

  private static final Running NONE = new Running();

  static {
    NONE.ended = true;
  }

  private volatile Running last = NONE;

  /** Rows are streamed with the caller's demand; see {@link #tracked} for a caller that stops early. */
  @Override
  public Flux<Row> query(String sql, List<@Nullable Object> params) {
    return tracked(Flux.defer(() -> statement(sql, params).execute())
        .concatMap(result -> result.map(R2dbcTransport::toRow)));
  }

  /**
   * Marks {@code statement} as the one sent last for {@link #cancel()}. A second subscriber reads
   * what the caller leaves when it stops early ({@code next()}, a disposed run), so the statement's
   * real end is seen: {@link #cancel()} then sends a cancel request (a connection of its own) only
   * for a statement still running on the server, never one that ended, whose request would
   * cancel the statement sent next.
   */
  private <T> Flux<T> tracked(Flux<T> statement) {
    return Flux.defer(() -> {
      Running run = new Running();
      last = run;
      Flux<T> shared = statement.doFinally(sig -> run.ended = true).publish().autoConnect(2);
      shared.subscribe(x -> { }, e -> { }, () -> { });
      return shared;
    });
  }

  /**
   * The server_version the driver kept from the start-up messages, and the backend pid from
   * BackendKeyData. The driver's API does not hand out the pid, only its {@code Client} (reached
   * here through the connection's field, which an automatic module leaves open) does; if that is
   * not there in another driver version, the pid is 0 and the session reads it with its first
   * flight instead.
   */
  @Override
  public Startup startup() {
    return new Startup(connection.getMetadata().getDatabaseVersion(), pid(connection));
  }

  private static int pid(PostgresqlConnection connection) {
    try {
      java.lang.reflect.Field f = connection.getClass().getDeclaredField("client");
      f.setAccessible(true);
      return f.get(connection) instanceof io.r2dbc.postgresql.client.Client c ? c.getProcessId().orElse(0) : 0;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return 0;
    }
  }

  @Override
  public Mono<List<List<Row>>> flight(String sql) {
    return Mono.defer(() -> {
      List<List<Row>> done = new ArrayList<>();
      // one result per statement, also for those without rows; a failed one ends the flux
      return tracked(connection.createStatement(sql).execute()
              .concatMap(result -> result.map(R2dbcTransport::toRow).collectList()))
          .doOnNext(done::add)
          .then(Mono.fromSupplier(() -> List.copyOf(done)))
          .onErrorMap(e -> new FailedStatement(done.size(), e));
    });
  }

  @Override
  public Flux<Row> queryStatement(String sql, List<@Nullable Object> params) {
    // without parameters the driver takes the simple protocol unless a fetch size asks for a portal
    return tracked(Flux.defer(() -> {
          PostgresqlStatement st = statement(sql, params);
          return params.isEmpty() ? st.fetchSize(Integer.MAX_VALUE).execute() : st.execute();
        })
        .concatMap(result -> result.map(R2dbcTransport::toRow)));
  }

  @Override
  public Mono<Long> update(String sql, List<@Nullable Object> params) {
    return tracked(Flux.defer(() -> statement(sql, params).execute())
        .concatMap(PostgresqlResult::getRowsUpdated))
        .reduce(0L, Long::sum);
  }

  private PostgresqlStatement statement(String sql, List<@Nullable Object> params) {
    PostgresqlStatement st = connection.createStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p == null) {
        st.bindNull(i, String.class);
      } else {
        st.bind(i, p);
      }
    }
    return st;
  }

  private static Row toRow(io.r2dbc.spi.Row row, RowMetadata meta) {
    List<? extends ColumnMetadata> cols = meta.getColumnMetadatas();
    List<String> names = new ArrayList<>(cols.size());
    Object[] values = new Object[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      names.add(cols.get(i).getName());
      Object v;
      try {
        v = row.get(i);
      } catch (RuntimeException noCodec) {
        v = row.get(i, String.class);
      }
      values[i] = v;
    }
    return new Row(names, values);
  }

  /**
   * Sends a cancel request unless the statement sent last has ended. A caller that takes the first
   * row and stops usually does so while the driver is still decoding the same network read, which
   * also holds the statement's end: so the decision waits for the connection's event loop to
   * finish what it has received.
   */
  @Override
  public Mono<Void> cancel() {
    Running run = last;
    if (run.ended) {
      return Mono.empty();
    }
    Scheduler loop = connection instanceof io.r2dbc.spi.Wrapped<?> w ? w.unwrap(Scheduler.class) : null;
    Mono<Void> afterReceived = loop == null ? Mono.empty() : Mono.<Void>empty().subscribeOn(loop);
    return afterReceived.then(Mono.defer(() -> run.ended ? Mono.<Void>empty() : connection.cancelRequest()));
  }

  @Override
  public Mono<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Mono.empty();
    }
    return connection.close().onErrorResume(e -> Mono.empty());
  }

  boolean isClosed() {
    return closed.get();
  }
}
