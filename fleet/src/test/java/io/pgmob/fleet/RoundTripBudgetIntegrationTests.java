package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.ops.AdminOperations;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSpec;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.testkit.FrontendMessages;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testkit.TcpProxy;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The wire's round-trip budget, counted on the wire: every simple {@code Query} and every {@code
 * Sync} the client sends after logging in (what the testkit's proxy parses) is a round trip a
 * fleet pays once per cluster. Runs on whichever transport the suite runs on (both in the build).
 */
class RoundTripBudgetIntegrationTests {

  private static final Duration T = Duration.ofMinutes(2);
  private static PgServer server;

  @BeforeAll
  static void start() {
    server = PgServers.start(ServerSpec.builder().majorVersion(16).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Fleet fleetThrough(TcpProxy proxy) {
    ConnectionSpec spec = TestClusters.spec(server).toBuilder().host(proxy.host()).port(proxy.port()).build();
    return Fleet.create(Inventory.of(Target.of("budget", spec, Map.of())));
  }

  private static FleetOperation<AppliedChanges> rotation(String role, String password) {
    return AdminOperations.ensureRole(RoleSpec.named(role).login(true).password(Password.plain(password)),
        List.of(AdminOperations.grantOf("CONNECT:database:postgres", role)));
  }

  /** Runs {@code op} on a new fleet through a new proxy and returns the round trips it cost. */
  private static long roundTripsOf(FleetOperation<AppliedChanges> op, Outcome expected) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      Fleet fleet = fleetThrough(proxy);
      try {
        FrontendMessages wire = proxy.frontendMessages();
        StepVerifier.create(fleet.run(Selector.all(), op))
            .assertNext(r -> assertThat(r.outcome()).as(r.toString()).isEqualTo(expected))
            .expectComplete()
            .verify(T);
        assertThat(wire.startups()).as("one connection").isEqualTo(1);
        assertThat(wire.encryptedConnections()).isZero();
        return ours(wire);
      } finally {
        fleet.close().block(T);
      }
    }
  }

  /**
   * The driver's own statement: r2dbc-postgresql reads the isolation level on every connect and
   * has no switch to leave it out; pgmob's budget is what pgmob sends.
   */
  private static final String DRIVER_QUERY = "SHOW TRANSACTION ISOLATION LEVEL";

  /** The round trips on the wire, less the r2dbc driver's own connect-time query (printed). */
  private static long ours(FrontendMessages wire) {
    List<String> texts = wire.queryTexts();
    long driver = texts.stream().filter(DRIVER_QUERY::equals).count();
    System.out.println("on the wire: " + wire.roundTrips() + " round trips (" + driver + " of the driver's own): " + texts);
    assertThat(driver).isLessThanOrEqualTo(1);
    return wire.roundTrips() - driver;
  }

  private static boolean canLogIn(String role, String password) {
    ConnectionSpec as = TestClusters.spec(server).toBuilder().user(role).password(password).build();
    Cluster c = Cluster.connect(as).block(T);
    c.close().block(T);
    return true;
  }

  @Test
  void aRotationWithItsGrantCostsTwoRoundTripsAfterLogin() {
    // the role is missing: create it, set its password, grant CONNECT
    long created = roundTripsOf(rotation("rt_rotated", "first-secret"), Outcome.SUCCEEDED);
    assertThat(canLogIn("rt_rotated", "first-secret")).isTrue();
    // the role exists: a new password
    long rotated = roundTripsOf(rotation("rt_rotated", "second-secret"), Outcome.SUCCEEDED);
    assertThat(canLogIn("rt_rotated", "second-secret")).isTrue();
    System.out.println("round trips after login: rotation creating the role " + created + ", rotating " + rotated);
    assertThat(created).isLessThanOrEqualTo(2);
    assertThat(rotated).isLessThanOrEqualTo(2);
  }

  @Test
  void anEnsureThatChangesNothingCostsTwoRoundTripsAfterLogin() {
    roundTripsOf(rotation("rt_steady", "steady-secret"), Outcome.SUCCEEDED);
    long steady = roundTripsOf(rotation("rt_steady", "steady-secret"), Outcome.UNCHANGED);
    long plain = roundTripsOf(AdminOperations.ensureRole(RoleSpec.named("rt_steady").login(true)), Outcome.UNCHANGED);
    System.out.println("round trips after login: ensure with no change " + steady + " (with grant), " + plain);
    assertThat(steady).isLessThanOrEqualTo(2);
    assertThat(plain).isLessThanOrEqualTo(2);
  }

  /**
   * A fleet query is one statement through the extended protocol between {@code BEGIN READ ONLY}
   * and {@code ROLLBACK}, so that text holding several statements cannot end the read-only
   * transaction: three round trips, above the wire's budget of one, since neither driver can send
   * the three in one flight of extended-protocol messages with one Sync; the Vert.x client also
   * prepares a statement it has not seen with a Sync of its own (four). Held to exactly that, so
   * a statement more is caught.
   */
  private static final long FLEET_QUERY_ROUND_TRIPS = "vertx".equals(System.getProperty("pgmob.transport")) ? 4 : 3;

  @Test
  void aFleetQueryCostsItsThreeStatementsAndNothingElse() {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      Fleet fleet = fleetThrough(proxy);
      try {
        StepVerifier.create(fleet.query(Selector.all(), "SELECT 1 AS one").map(r -> r.row().getInt("one")))
            .expectNext(1)
            .expectComplete()
            .verify(T);
        long trips = ours(proxy.frontendMessages());
        System.out.println("round trips after login: fleet query " + trips);
        assertThat(trips).isEqualTo(FLEET_QUERY_ROUND_TRIPS);
      } finally {
        fleet.close().block(T);
      }
    }
  }
}
