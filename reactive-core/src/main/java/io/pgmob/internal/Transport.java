package io.pgmob.internal;

import io.pgmob.ConnectionSpec;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.postgresql.util.LogLevel;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Opens r2dbc-postgresql sessions. One set of event loops is shared by every connection in the
 * JVM (sized to the cores, at most 4); one connection factory is built per {@link ConnectionSpec}
 * and reused for reconnects. Extensions are not auto-detected (that costs a {@code pg_type} round
 * trip per connect).
 */
public final class Transport {

  private static final LoopResources LOOPS = LoopResources.create("pgmob",
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), true);

  private Transport() {}

  /** Opens a session for {@code spec}. Errors are the driver's; callers translate them. */
  public static Mono<R2dbcSession> open(ConnectionSpec spec) {
    PostgresqlConnectionFactory factory = factory(spec);
    return factory.create().map(R2dbcSession::new);
  }

  static PostgresqlConnectionFactory factory(ConnectionSpec spec) {
    Object cached = spec.transportCache().get();
    if (cached instanceof PostgresqlConnectionFactory f) {
      return f;
    }
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
      java.util.function.Supplier<? extends CharSequence> s = spec.passwordSupplier();
      b.password(() -> s.get());
    }
    if (spec.statementTimeout() != null) {
      b.statementTimeout(spec.statementTimeout());
    }
    Map<String, String> options = new LinkedHashMap<>(spec.options());
    if (!options.isEmpty()) {
      b.options(options);
    }
    PostgresqlConnectionFactory f = new PostgresqlConnectionFactory(b.build());
    spec.transportCache().compareAndSet(null, f);
    return f;
  }
}
