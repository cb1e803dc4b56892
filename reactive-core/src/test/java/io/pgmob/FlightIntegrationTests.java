package io.pgmob;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.error.PgmobException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSpec;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.TcpProxy;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Flights: several statements in one round trip, the transaction's BEGIN and COMMIT riding them,
 * and a failure inside a flight named, rolled back and never left open.
 */
@PgTest
class FlightIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(60);

  @Test
  void aFlightReturnsTheRowsOfEachStatementInOneRoundTrip(PgServer server) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      ConnectionSpec spec = TestClusters.spec(server).toBuilder().host(proxy.host()).port(proxy.port()).build();
      Cluster cluster = Cluster.connect(spec).block(BOUND);
      try {
        proxy.frontendMessages().reset();
        StepVerifier.create(cluster.executeFlight(List.of(Sql.raw("SELECT 1 AS a UNION ALL SELECT 2"),
                    Sql.raw("SET LOCAL statement_timeout = 0"), Sql.raw("SELECT 'x' AS b")), false)
                .map(rows -> rows.stream().map(List::size).toList()))
            .expectNext(List.of(2, 0, 1))
            .expectComplete()
            .verify(BOUND);
        assertThat(proxy.frontendMessages().roundTrips()).isEqualTo(1);
        // the superuser fact rode that flight: asking for it sends nothing
        assertThat(cluster.isSuperuser()).isTrue();
        assertThat(proxy.frontendMessages().roundTrips()).isEqualTo(1);
      } finally {
        cluster.close().block(BOUND);
      }
    }
  }

  @Test
  void aTransactionRidesItsFlightsAndSendsNothingOfItsOwn(PgServer server) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      ConnectionSpec spec = TestClusters.spec(server).toBuilder().host(proxy.host()).port(proxy.port()).build();
      Cluster cluster = Cluster.connect(spec).block(BOUND);
      try {
        cluster.update("CREATE TABLE flight_tx (i int)").block(BOUND);
        proxy.frontendMessages().reset();
        StepVerifier.create(cluster.inTransaction(tx -> tx.executeFlight(List.of(Sql.raw("SELECT count(*) AS n FROM flight_tx")), false)
                    .flatMap(first -> tx.executeFlight(List.of(Sql.raw("INSERT INTO flight_tx VALUES (1)")), true)))
                .count())
            .expectNext(1L)
            .expectComplete()
            .verify(BOUND);
        // BEGIN + read, then insert + COMMIT; no BEGIN, COMMIT or ROLLBACK of their own
        assertThat(proxy.frontendMessages().roundTrips()).isEqualTo(2);
        assertThat(proxy.frontendMessages().queryTexts()).allSatisfy(q -> assertThat(q).doesNotContain("ROLLBACK"));
        // a transaction that ran nothing sends nothing
        proxy.frontendMessages().reset();
        cluster.inTransaction(tx -> reactor.core.publisher.Mono.just(1)).blockLast(BOUND);
        assertThat(proxy.frontendMessages().roundTrips()).isZero();
        assertThat(cluster.scalar("SELECT count(*) FROM flight_tx", Long.class).block(BOUND)).isEqualTo(1L);
      } finally {
        cluster.update("DROP TABLE IF EXISTS flight_tx").then(cluster.close()).block(BOUND);
      }
    }
  }

  @Test
  void aStatementThatFailsInAFlightIsNamedAndNothingOfTheFlightStays(Cluster cluster) {
    cluster.update("CREATE TABLE flight_fail (i int)").block(BOUND);
    try {
      Sql secret = Sql.format("SELECT {} AS pw", Literal.secret("flight-secret-1"));
      StepVerifier.create(cluster.inTransaction(tx -> tx.executeFlight(List.of(
                  Sql.raw("INSERT INTO flight_fail VALUES (1)"), secret, Sql.raw("SELECT 1/0"),
                  Sql.raw("INSERT INTO flight_fail VALUES (2)")), true)))
          .expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(ServerErrorException.class);
            assertThat(((PgmobException) e).sqlState()).isEqualTo("22012");
            assertThat(((PgmobException) e).statement()).contains("SELECT 1/0").contains("statement 3 of");
            assertThat(e.toString() + e.getMessage() + ((PgmobException) e).statement())
                .doesNotContain("flight-secret-1");
          })
          .verify(BOUND);
      // rolled back, and the session is not left in a transaction
      assertThat(cluster.scalar("SELECT count(*) FROM flight_fail", Long.class).block(BOUND)).isZero();
      assertThat(cluster.scalar("SELECT now() = statement_timestamp()", Boolean.class).block(BOUND)).isTrue();
    } finally {
      cluster.update("DROP TABLE flight_fail").block(BOUND);
    }
  }

  @Test
  void aRoleAndItsGrantFailingInTheSecondFlightLeaveNothingApplied(Cluster cluster) {
    // the grantee does not exist: the GRANT fails after the role was created in the same flight,
    // which must not stay
    cluster.update("CREATE TABLE flight_half_t (i int)").block(BOUND);
    StepVerifier.create(io.pgmob.managed.Changes.<io.pgmob.managed.EnsureResult<?>>converge(cluster, List.of(
                cluster.roles().ensuring(RoleSpec.named("flight_half").login(true).password(Password.plain("half-pw"))),
                cluster.privileges().ensuring(io.pgmob.privilege.Grant.of(
                    io.pgmob.privilege.PrivilegeTarget.allTablesInSchema("public"), "no_such_role_flight",
                    io.pgmob.privilege.Privilege.SELECT)))))
        .expectErrorSatisfies(e -> assertThat(((PgmobException) e).sqlState()).isEqualTo("42704"))
        .verify(BOUND);
    try {
      assertThat(cluster.roles().refresh().then(cluster.roles().contains("flight_half")).block(BOUND)).isFalse();
    } finally {
      cluster.update("DROP TABLE flight_half_t").block(BOUND);
    }
  }
}
