package io.pgmob.internal;

import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.Row;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * {@link Transport} over one Vert.x PG client connection. Rows are handed on as the client decodes
 * them (a collector feeds the subscriber), not gathered into a row set first. Values are given
 * the Java types the r2dbc transport gives (for example {@code numeric} as {@link
 * java.math.BigDecimal}, {@code bytea} as a {@link java.nio.ByteBuffer}, {@code json} objects and
 * arrays and {@code interval} as r2dbc-postgresql's {@code Json} and {@code Interval}), so code
 * above sees one set of types. A {@code json} scalar (a string, number, boolean) comes as the Java
 * value the client decodes, not as {@code Json}.
 *
 * <p>Known gap of the client (vertx-pg-client 5.0.7): a column of type {@code oid} read through
 * the extended protocol (a statement with parameters) decodes as null, as it has no binary
 * decoder for it; cast it ({@code oid::bigint}), as pgmob's catalog queries do.
 */
final class VertxTransport implements Transport {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VertxTransport.class);
  private static @Nullable Vertx own;

  private static final Map<Vertx, NetClient> CANCEL_CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

  private final PgConnection connection;
  private final Vertx vertx;
  private final String host;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The statement sent last; a cancel waits for it to end. */
  private volatile Future<?> last = Future.succeededFuture();
  /** The connection's event loop context (where its results are decoded). */
  private final io.vertx.core.@Nullable Context context;

  private VertxTransport(PgConnection connection, Vertx vertx, String host, int port,
      io.vertx.core.@Nullable Context context) {
    this.connection = connection;
    this.context = context;
    this.vertx = vertx;
    this.host = host;
    this.port = port;
  }

  /** The Vert.x to open connections on: the shared one, else one of our own, started once. */
  static Vertx vertx() {
    Vertx v = io.pgmob.session.WireTransport.sharedVertx();
    if (v != null) {
      return v;
    }
    synchronized (VertxTransport.class) {
      if (own == null) {
        own = Vertx.vertx(new VertxOptions()
            .setEventLoopPoolSize(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))
            .setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1)
            .setUseDaemonThread(true));
      }
      return own;
    }
  }

  /** Opens a session for {@code spec}. Errors are the driver's; callers translate them. */
  public static Mono<Transport> open(ConnectionSpec spec, @Nullable CharSequence password) {
    return Mono.defer(() -> {
      java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
      PgConnectOptions options = options(spec, password, refused);
      Vertx vertx = vertx();
      return Mono.<Transport>create(sink -> {
        AtomicBoolean gone = new AtomicBoolean();
        sink.onCancel(() -> gone.set(true));
        PgConnection.connect(vertx, options).onComplete(ar -> {
          if (ar.failed()) {
            Throwable why = refused.get();
            // the client reports "SSL handshake failed" without its cause: give the certificate's reason
            sink.error(why == null ? ar.cause() : new javax.net.ssl.SSLHandshakeException(
                "the server certificate was refused: " + why.getMessage()).initCause(why));
          } else if (gone.get()) {
            // the caller gave up (timeout) while the connection was being made
            ar.result().close();
          } else {
            PgConnection conn = ar.result();
            // notices are the server's chatter ("does not exist, skipping"): debug, as on r2dbc
            conn.noticeHandler(n -> LOG.debug("server notice on {}: {}", spec.displayName(), n.getMessage()));
            sink.success(new VertxTransport(conn, vertx, spec.host(), spec.port(), Vertx.currentContext()));
          }
        });
      });
    });
  }

  static PgConnectOptions options(ConnectionSpec spec, @Nullable CharSequence password) {
    return options(spec, password, new java.util.concurrent.atomic.AtomicReference<>());
  }

  private static PgConnectOptions options(ConnectionSpec spec, @Nullable CharSequence password,
      java.util.concurrent.atomic.AtomicReference<Throwable> refused) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("application_name", spec.applicationName());
    Duration statementTimeout = spec.statementTimeout();
    if (statementTimeout != null) {
      properties.put("statement_timeout", Long.toString(statementTimeout.toMillis()));
    }
    properties.putAll(spec.options());
    PgConnectOptions o = new PgConnectOptions()
        .setHost(spec.host())
        .setPort(spec.port())
        .setDatabase(spec.database())
        .setUser(spec.user())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(32)
        .setProperties(properties);
    if (password != null) {
      o.setPassword(password.toString());
    }
    tls(o, spec, refused);
    return o;
  }

  /**
   * libpq's TLS modes, as the r2dbc transport reads them: the spec's CA bundle (else the JDK's
   * trust store) for the verifying modes, which REQUIRE becomes when a CA bundle is given, and the
   * client certificate in every mode that may encrypt.
   */
  private static void tls(PgConnectOptions o, ConnectionSpec spec,
      java.util.concurrent.atomic.AtomicReference<Throwable> refused) {
    TlsMaterial material = TlsMaterial.of(spec);
    io.pgmob.session.SslMode mode = spec.sslMode();
    if (mode == io.pgmob.session.SslMode.REQUIRE && material != null && material.trust() != null) {
      mode = io.pgmob.session.SslMode.VERIFY_CA;
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (material != null && material.keys() != null) {
      ssl.setKeyCertOptions(io.vertx.core.net.KeyCertOptions.wrap(material.keys()));
    }
    switch (mode) {
      case DISABLE -> {
        // no TLS options at all: the client would build a TLS context for nothing
        o.setSslMode(SslMode.DISABLE);
        return;
      }
      case ALLOW, PREFER, REQUIRE -> {
        // encryption without checking the certificate
        o.setSslMode(SslMode.valueOf(mode.name()));
        ssl.setTrustAll(true);
      }
      case VERIFY_CA, VERIFY_FULL -> {
        o.setSslMode(SslMode.valueOf(mode.name()));
        ssl.setTrustOptions(TrustOptions.wrap(new RecordingTrustManager(
            material != null && material.trust() != null ? material.trust() : jdkTrustFactory(), refused)));
        ssl.setHostnameVerificationAlgorithm(mode == io.pgmob.session.SslMode.VERIFY_FULL ? "HTTPS" : "");
      }
    }
    o.setSslOptions(ssl);
  }

  /** The JDK's default trust store (the r2dbc transport checks certificates against it too). */
  private static TrustManagerFactory jdkTrustFactory() {
    try {
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init((KeyStore) null);
      return f;
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the JDK's default trust store", e);
    }
  }

  /**
   * Checks the server's certificate with the given trust store and keeps the reason of a refusal
   * (untrusted chain, host name not named), which the client itself does not pass on.
   */
  private static final class RecordingTrustManager extends javax.net.ssl.X509ExtendedTrustManager {
    private final javax.net.ssl.X509ExtendedTrustManager delegate;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> refused;

    RecordingTrustManager(TrustManagerFactory factory, java.util.concurrent.atomic.AtomicReference<Throwable> refused) {
      this.delegate = (javax.net.ssl.X509ExtendedTrustManager) Arrays.stream(factory.getTrustManagers())
          .filter(t -> t instanceof javax.net.ssl.X509ExtendedTrustManager).findFirst()
          .orElseThrow(() -> new IllegalStateException("no X.509 trust manager in " + factory.getAlgorithm()));
      this.refused = refused;
    }

    private interface Check {
      void run() throws java.security.cert.CertificateException;
    }

    private void record(Check check) throws java.security.cert.CertificateException {
      try {
        check.run();
      } catch (java.security.cert.CertificateException | RuntimeException e) {
        refused.compareAndSet(null, e);
        throw e;
      }
    }

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket)
        throws java.security.cert.CertificateException {
      record(() -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
        javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
      record(() -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      record(() -> delegate.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, java.net.Socket socket)
        throws java.security.cert.CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
        javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  @Override
  public Flux<Row> query(String sql, List<@Nullable Object> params) {
    return Flux.create(sink -> {
      Collector<io.vertx.sqlclient.Row, ?, Void> rows = new RowsTo(sink);
      Future<SqlResult<Void>> f = params.isEmpty()
          ? connection.query(sql).collecting(rows).execute()
          : connection.preparedQuery(sql).collecting(rows).execute(tuple(params));
      last = f;
      f.onComplete(ar -> complete(sink, ar));
    });
  }

  @Override
  public Startup startup() {
    return new Startup(connection.databaseMetadata().fullVersion(), connection.processId());
  }

  @Override
  public Mono<List<List<Row>>> flight(String sql) {
    return Mono.create(sink -> {
      ResultsTo results = new ResultsTo();
      Future<SqlResult<Void>> f = connection.query(sql).collecting(results).execute();
      last = f;
      f.onComplete(ar -> {
        if (ar.failed()) {
          sink.error(new FailedStatement(results.done.size(), ar.cause()));
        } else {
          sink.success(List.copyOf(results.done));
        }
      });
    });
  }

  /** Gathers the rows of each statement of a simple query, one list per statement. */
  private static final class ResultsTo implements Collector<io.vertx.sqlclient.Row, List<Row>, Void> {
    final List<List<Row>> done = new ArrayList<>();

    @Override
    public Supplier<List<Row>> supplier() {
      return ArrayList::new;
    }

    @Override
    public BiConsumer<List<Row>, io.vertx.sqlclient.Row> accumulator() {
      return (rows, row) -> rows.add(RowsTo.convert(row));
    }

    @Override
    public BinaryOperator<List<Row>> combiner() {
      return (a, b) -> a;
    }

    @Override
    public Function<List<Row>, Void> finisher() {
      return rows -> {
        done.add(List.copyOf(rows));
        return null;
      };
    }

    @Override
    public java.util.Set<Characteristics> characteristics() {
      return java.util.Set.of();
    }
  }

  @Override
  public Flux<Row> queryStatement(String sql, List<@Nullable Object> params) {
    return Flux.create(sink -> {
      Future<SqlResult<Void>> f = connection.preparedQuery(sql).collecting(new RowsTo(sink)).execute(tuple(params));
      last = f;
      f.onComplete(ar -> complete(sink, ar));
    });
  }

  private static void complete(FluxSink<Row> sink, AsyncResult<?> ar) {
    if (ar.failed()) {
      sink.error(ar.cause());
    } else {
      sink.complete();
    }
  }

  @Override
  public Mono<Long> update(String sql, List<@Nullable Object> params) {
    return Mono.create(sink -> {
      Collector<io.vertx.sqlclient.Row, ?, Void> ignore = Collector.of(() -> null, (a, r) -> { }, (a, b) -> a,
          a -> null);
      Future<SqlResult<Void>> f = params.isEmpty()
          ? connection.query(sql).collecting(ignore).execute()
          : connection.preparedQuery(sql).collecting(ignore).execute(tuple(params));
      last = f;
      f.onComplete(ar -> {
        if (ar.failed()) {
          sink.error(ar.cause());
          return;
        }
        SqlResult<Void> first = ar.result();
        if (first.next() == null) {
          sink.success(countsRows(sql) ? (long) Math.max(0, first.rowCount()) : 0L);
          return;
        }
        long total = 0;
        for (SqlResult<Void> r = first; r != null; r = r.next()) {
          total += Math.max(0, r.rowCount());
        }
        sink.success(total);
      });
    });
  }

  /**
   * Whether the statement's command tag carries a row count. The client reads a number from the
   * last word of every tag, also from one without a count ({@code CREATE TABLE}), so the count
   * of other statements is 0 here, as on r2dbc. (In a script of several statements the client's
   * numbers are summed as they are.)
   */
  static boolean countsRows(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int j = i;
    while (j < n && Character.isLetter(sql.charAt(j))) {
      j++;
    }
    return switch (sql.substring(i, j).toUpperCase(java.util.Locale.ROOT)) {
      case "INSERT", "UPDATE", "DELETE", "MERGE", "SELECT", "WITH", "VALUES", "TABLE", "COPY", "FETCH", "MOVE" -> true;
      default -> false;
    };
  }

  private static Tuple tuple(List<@Nullable Object> params) {
    Tuple t = Tuple.tuple();
    for (Object p : params) {
      t.addValue(p instanceof java.nio.ByteBuffer bb ? Buffer.buffer(bytes(bb)) : p);
    }
    return t;
  }

  private static byte[] bytes(java.nio.ByteBuffer bb) {
    byte[] out = new byte[bb.remaining()];
    bb.duplicate().get(out);
    return out;
  }

  /** Feeds each decoded row to the subscriber, on the connection's event loop. */
  private static final class RowsTo implements Collector<io.vertx.sqlclient.Row, Object, Void> {
    private final FluxSink<Row> sink;
    private @Nullable List<String> names;

    RowsTo(FluxSink<Row> sink) {
      this.sink = sink;
    }

    @Override
    public Supplier<Object> supplier() {
      return () -> this;
    }

    @Override
    public BiConsumer<Object, io.vertx.sqlclient.Row> accumulator() {
      return (a, row) -> {
        if (!sink.isCancelled()) {
          sink.next(toRow(row));
        }
      };
    }

    @Override
    public BinaryOperator<Object> combiner() {
      return (a, b) -> a;
    }

    @Override
    public Function<Object, Void> finisher() {
      return a -> {
        names = null; // the next result of a multi-statement query has its own columns
        return null;
      };
    }

    @Override
    public java.util.Set<Characteristics> characteristics() {
      return java.util.Set.of();
    }

    static Row convert(io.vertx.sqlclient.Row row) {
      int n = row.size();
      List<String> cols = new ArrayList<>(n);
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        cols.add(row.getColumnName(i));
        values[i] = value(row.getValue(i));
      }
      return new Row(cols, values);
    }

    private Row toRow(io.vertx.sqlclient.Row row) {
      int n = row.size();
      List<String> cols = names;
      if (cols == null || cols.size() != n) {
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(row.getColumnName(i));
        }
        cols = names = List.copyOf(list);
      }
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        values[i] = value(row.getValue(i));
      }
      return new Row(cols, values);
    }
  }

  /** The value as the r2dbc transport gives it. */
  static @Nullable Object value(@Nullable Object v) {
    if (v == null || v instanceof String || v instanceof Number && !(v instanceof Numeric) || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Numeric n) {
      return n.isNaN() ? Double.NaN : n.bigDecimalValue();
    }
    if (v instanceof Buffer b) {
      return java.nio.ByteBuffer.wrap(b.getBytes());
    }
    if (v instanceof JsonObject o) {
      return io.r2dbc.postgresql.codec.Json.of(o.encode());
    }
    if (v instanceof JsonArray a) {
      return io.r2dbc.postgresql.codec.Json.of(a.encode());
    }
    if (v instanceof io.vertx.pgclient.data.Interval i) {
      return io.r2dbc.postgresql.codec.Interval.of(i.getYears(), i.getMonths(), i.getDays(), i.getHours(),
          i.getMinutes(), i.getSeconds() + i.getMicroseconds() / 1_000_000.0);
    }
    if (v instanceof Object[] arr) {
      Object[] out = null;
      for (int i = 0; i < arr.length; i++) {
        Object e = value(arr[i]);
        if (e != arr[i]) {
          if (out == null) {
            out = Arrays.copyOf(arr, arr.length, Object[].class);
          }
          out[i] = e;
        }
      }
      return out != null ? out : arr;
    }
    return v;
  }

  /**
   * Sends a CancelRequest on a connection of its own and completes once the server has closed
   * that connection (it has signalled the backend by then) and the statement sent last has ended,
   * so the signal cannot reach a statement sent after this completes. (The client's own
   * {@code cancelRequest()} completes as soon as the request is written.)
   *
   * <p>A statement whose end has already arrived needs no cancel: a subscriber that takes the
   * first row and cancels ({@code next()}) usually does so while the client is still decoding the
   * same network read, which also holds the statement's end. So the decision waits for the
   * connection's event loop to finish what it has received, and sends nothing if the statement
   * ended meanwhile.
   */
  @Override
  public Mono<Void> cancel() {
    Future<?> running = last;
    if (running.isComplete()) {
      return Mono.empty();
    }
    io.vertx.core.Context ctx = context;
    Mono<Void> afterReceived = ctx == null ? Mono.empty()
        : Mono.create(sink -> ctx.runOnContext(v -> sink.success()));
    return afterReceived.then(Mono.defer(() -> running.isComplete() ? Mono.<Void>empty() : sendCancel(running)));
  }

  private Mono<Void> sendCancel(Future<?> running) {
    int pid = connection.processId();
    int key = connection.secretKey();
    return Mono.<Void>create(sink -> cancelClient(vertx).connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        sink.error(ar.cause());
        return;
      }
      NetSocket so = ar.result();
      so.handler(b -> { });
      so.closeHandler(v -> sink.success());
      sink.onCancel(so::close);
      so.write(Buffer.buffer(16).appendInt(16).appendInt(80877102).appendInt(pid).appendInt(key))
          .onFailure(sink::error);
    })).then(Mono.create(sink -> running.onComplete(ar -> sink.success())));
  }

  private static NetClient cancelClient(Vertx vertx) {
    return CANCEL_CLIENTS.computeIfAbsent(vertx, v -> {
      if (v instanceof io.vertx.core.internal.VertxInternal vi) {
        vi.addCloseHook(done -> {
          CANCEL_CLIENTS.remove(v);
          done.succeed();
        });
      }
      return v.createNetClient(new NetClientOptions().setConnectTimeout(5000).setTcpNoDelay(true));
    });
  }

  @Override
  public Mono<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Mono.empty();
    }
    return Mono.create(sink -> connection.close().onComplete(ar -> sink.success()));
  }
}
