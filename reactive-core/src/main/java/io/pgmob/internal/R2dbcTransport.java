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
    PostgresqlConnectionFactory factory = factory(spec);
    return factory.create()
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
        .noticeLogLevel(LogLevel.DEBUG)
        .sslMode(SSLMode.valueOf(spec.sslMode().name()));
    if (spec.passwordSupplier() != null) {
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

  @Override
  public Flux<Row> query(String sql, List<@Nullable Object> params) {
    return Flux.defer(() -> statement(sql, params).execute())
        .concatMap(result -> result.map(R2dbcTransport::toRow));
  }

  @Override
  public Flux<Row> queryStatement(String sql, List<@Nullable Object> params) {
    // without parameters the driver takes the simple protocol unless a fetch size asks for a portal
    return Flux.defer(() -> {
          PostgresqlStatement st = statement(sql, params);
          return params.isEmpty() ? st.fetchSize(Integer.MAX_VALUE).execute() : st.execute();
        })
        .concatMap(result -> result.map(R2dbcTransport::toRow));
  }

  @Override
  public Mono<Long> update(String sql, List<@Nullable Object> params) {
    return Flux.defer(() -> statement(sql, params).execute())
        .concatMap(PostgresqlResult::getRowsUpdated)
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

  @Override
  public Mono<Void> cancel() {
    return connection.cancelRequest();
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
