package io.pgmob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.Row;
import io.pgmob.session.SslMode;
import io.pgmob.session.WireTransport;
import io.pgmob.error.ConnectionException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What code above the seam relies on, checked on each transport whatever the suite's default:
 * the same Java types for the same columns, the same exceptions, streaming, cancel, TLS modes.
 * The rest of the suite runs on each transport through {@code -Dpgmob.transport}.
 */
@PgTest
class WireTransportIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);

  private static ConnectionSpec spec(PgServer server, WireTransport transport) {
    return TestClusters.spec(server).toBuilder().transport(transport).build();
  }

  private static Cluster connect(PgServer server, WireTransport transport) {
    return Cluster.connect(spec(server, transport)).block(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void valuesHaveTheSameJavaTypesOnEveryTransport(WireTransport transport, PgServer server) {
    Cluster c = connect(server, transport);
    try {
      assertThat(c.spec().transport()).isEqualTo(transport);
      String sql = "SELECT 'x'::text AS t, 42::int4 AS i, 42::int8 AS l, 2::int2 AS s, true AS b,"
          + " 1.50::numeric AS n, '\\x0102'::bytea AS by, ARRAY['a', NULL]::text[] AS arr,"
          + " '2030-01-02 03:04:05+00'::timestamptz AS ts,  'pg_class'::regclass::oid::bigint AS o,"
          + " 'a'::\"char\" AS ch, '00000000-0000-0000-0000-000000000001'::uuid AS u,"
          + " '{\"k\": 1}'::jsonb AS j, interval '1 day 02:00:03' AS iv, NULL::text AS nul";
      assertThat(c.execute("SELECT 'pg_class'::regclass::oid AS o").blockFirst(T).getLong("o")).isEqualTo(1259L);
      for (Row r : List.of(c.execute(sql).blockFirst(T), c.execute(sql + " WHERE $1", true).blockFirst(T))) {
        assertThat(r.get("t")).isEqualTo("x");
        assertThat(r.get("i")).isEqualTo(42);
        assertThat(r.get("l")).isEqualTo(42L);
        assertThat(r.get("s")).isEqualTo((short) 2);
        assertThat(r.get("b")).isEqualTo(true);
        assertThat(r.get("n")).isEqualTo(new BigDecimal("1.50"));
        assertThat(r.get("by")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(r.getStringList("arr")).containsExactly("a", null);
        assertThat(r.get("ts", OffsetDateTime.class).toInstant()).isEqualTo(OffsetDateTime.parse("2030-01-02T03:04:05Z").toInstant());
        assertThat(r.getLong("o")).isEqualTo(1259L);
        assertThat(r.getString("ch")).isEqualTo("a");
        assertThat(r.get("u")).isEqualTo(new UUID(0, 1));
        assertThat(((io.r2dbc.postgresql.codec.Json) r.get("j")).asString()).isEqualToIgnoringWhitespace("{\"k\":1}");
        assertThat(r.get("iv")).isEqualTo(io.r2dbc.postgresql.codec.Interval.of(0, 0, 1, 2, 0, 3.0));
        assertThat(r.get("nul")).isNull();
      }
    } finally {
      c.close().block(T);
    }
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void rowsStreamAndUpdatesCountOnEveryTransport(WireTransport transport, PgServer server) {
    Cluster c = connect(server, transport);
    try {
      StepVerifier.create(c.execute("SELECT g FROM generate_series(1, 5) g").map(r -> r.getInt("g")))
          .expectNext(1, 2, 3, 4, 5)
          .verifyComplete();
      StepVerifier.create(c.execute("SELECT g FROM generate_series(1, $1) g", 3).map(r -> r.getInt("g")))
          .expectNext(1, 2, 3)
          .verifyComplete();
      StepVerifier.create(c.update("CREATE TEMP TABLE wt (v int)")).expectNext(0L).verifyComplete();
      StepVerifier.create(c.update("INSERT INTO wt VALUES (1), (2), (3); UPDATE wt SET v = v + 1 WHERE v > 1"))
          .expectNext(5L)
          .verifyComplete();
      StepVerifier.create(c.update("/* two */ UPDATE wt SET v = v + 1 WHERE v > 2")).expectNext(2L).verifyComplete();
      StepVerifier.create(c.update("DELETE FROM wt WHERE v > $1", 0)).expectNext(3L).verifyComplete();
    } finally {
      c.close().block(T);
    }
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void serverErrorsCarryTheirSqlStateOnEveryTransport(WireTransport transport, PgServer server) {
    Cluster c = connect(server, transport);
    try {
      StepVerifier.create(c.execute("SELEC 1"))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ServerErrorException.class)
              .hasMessageContaining("syntax error").hasMessageContaining("42601")
              .hasMessageContaining("SELEC 1"))
          .verify(T);
      StepVerifier.create(c.execute("SELECT 1 / $1", 0))
          .expectErrorSatisfies(e -> assertThat(((ServerErrorException) e).sqlState()).isEqualTo("22012"))
          .verify(T);
      // the session is usable after an error
      assertThat(c.scalar("SELECT 7", Integer.class).block(T)).isEqualTo(7);
    } finally {
      c.close().block(T);
    }
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void aWrongPasswordIsAnAuthenticationFailureOnEveryTransport(WireTransport transport, PgServer server) {
    ConnectionSpec wrong = spec(server, transport).withUser(server.superuser(), "not-the-password");
    StepVerifier.create(Cluster.connect(wrong))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AuthenticationFailedException.class)
            .hasMessageNotContaining("not-the-password"))
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void cancellingARunningStatementCancelsItOnTheServerAndKeepsTheSession(WireTransport transport, PgServer server) {
    Cluster c = connect(server, transport);
    try {
      long started = System.nanoTime();
      StepVerifier.create(c.execute("SELECT pg_sleep(60)"))
          .expectSubscription()
          .thenAwait(Duration.ofMillis(300))
          .thenCancel()
          .verify(T);
      // the lock is held until the cancel was delivered and the statement ended: the next one runs
      assertThat(c.scalar("SELECT 'after'", String.class).block(T)).isEqualTo("after");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(50));
      assertThat(c.scalar("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'"
          + " AND state = 'active'", Long.class).block(T)).isZero();
    } finally {
      c.close().block(T);
    }
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void cancelledSingleRowReadsNeverHitTheNextStatement(WireTransport transport, PgServer server) {
    Cluster c = connect(server, transport);
    try {
      // each next() cancels its statement after the first row; a cancel request that arrived
      // late would cancel one of the statements that follow (SQLSTATE 57014)
      for (int i = 0; i < 50; i++) {
        assertThat(c.execute("SELECT g FROM generate_series(1, 3) g").next().block(T).getInt("g")).isEqualTo(1);
        assertThat(c.update("SELECT pg_sleep(0.001)").block(T)).isEqualTo(1L);
      }
    } finally {
      c.close().block(T);
    }
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void aSingleRowReadWhoseStatementHasEndedSendsNoCancelRequest(WireTransport transport, PgServer server) {
    try (io.pgmob.testkit.TcpProxy proxy = io.pgmob.testkit.TcpProxy.start(server)) {
      ConnectionSpec spec = spec(server, transport).toBuilder().host(proxy.host()).port(proxy.port()).build();
      Cluster c = Cluster.connect(spec).block(T);
      try {
        for (int i = 0; i < 20; i++) {
          assertThat(c.scalar("SELECT 1", Integer.class).block(T)).isEqualTo(1);
          assertThat(c.execute("SELECT g FROM generate_series(1, 3) g").next().block(T).getInt("g")).isEqualTo(1);
        }
      } finally {
        c.close().block(T);
      }
      assertThat(proxy.frontendMessages().cancelRequests()).isZero();
      assertThat(proxy.frontendMessages().queries()).isGreaterThanOrEqualTo(40);
    }
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void tlsModesFollowLibpqAgainstAServerWithoutTls(WireTransport transport, PgServer server) {
    Cluster prefer = Cluster.connect(spec(server, transport).toBuilder().sslMode(SslMode.PREFER).build()).block(T);
    try {
      assertThat(prefer.scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class).block(T))
          .isFalse();
    } finally {
      prefer.close().block(T);
    }
    StepVerifier.create(Cluster.connect(spec(server, transport).toBuilder().sslMode(SslMode.REQUIRE).build())
            .flatMap(c -> c.close().then(Mono.just(c))))
        .expectError(ConnectionException.class)
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void aTerminatedSessionFailsAsALostConnection(WireTransport transport, PgServer server) {
    Cluster victim = connect(server, transport);
    Cluster admin = connect(server, WireTransport.R2DBC);
    try {
      admin.scalar("SELECT pg_terminate_backend($1)", Boolean.class, victim.backendPid()).block(T);
      StepVerifier.create(Mono.defer(() -> victim.scalar("SELECT 1", Integer.class))
              .retryWhen(reactor.util.retry.Retry.fixedDelay(100, Duration.ofMillis(50))
                  .filter(e -> !(e instanceof ConnectionException))))
          .expectError(ConnectionException.class)
          .verify(T);
    } finally {
      victim.close().block(T);
      admin.close().block(T);
    }
  }

  @org.junit.jupiter.api.Test
  void theDefaultTransportComesFromTheSystemProperty() {
    String before = System.getProperty(WireTransport.PROPERTY);
    try {
      System.setProperty(WireTransport.PROPERTY, "VertX");
      assertThat(ConnectionSpec.builder().user("u").build().transport()).isEqualTo(WireTransport.VERTX);
      System.setProperty(WireTransport.PROPERTY, "r2dbc");
      assertThat(ConnectionSpec.builder().user("u").build().transport()).isEqualTo(WireTransport.R2DBC);
      System.setProperty(WireTransport.PROPERTY, "jdbc");
      assertThatThrownBy(() -> ConnectionSpec.builder().user("u").build())
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("jdbc").hasMessageContaining("vertx");
      assertThat(ConnectionSpec.builder().user("u").transport(WireTransport.VERTX).build().toBuilder().build()
          .transport()).isEqualTo(WireTransport.VERTX);
    } finally {
      if (before == null) {
        System.clearProperty(WireTransport.PROPERTY);
      } else {
        System.setProperty(WireTransport.PROPERTY, before);
      }
    }
  }
}
