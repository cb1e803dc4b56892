package io.pgmob.fleet;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.session.Row;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link FleetOptions.Builder#holdSessions(boolean)}: sessions kept between runs, on real servers. */
@PgTest
class FleetHeldSessionsIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static List<Target> targets(PgServer server, Cluster admin, String prefix, int n) {
    drop(admin, prefix, n);
    List<Target> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String db = prefix + i;
      admin.update("CREATE DATABASE " + db).block(TIMEOUT);
      list.add(Target.of(db, TestClusters.spec(server, db).toBuilder().applicationName(prefix).build(), Map.of()));
    }
    return list;
  }

  private static void drop(Cluster admin, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      admin.update("DROP DATABASE IF EXISTS " + prefix + i + " WITH (FORCE)").block(TIMEOUT);
    }
  }

  private static Fleet fleet(List<Target> targets, boolean hold) {
    return Fleet.create(Inventory.of(targets), FleetOptions.builder().holdSessions(hold).build());
  }

  private static final FleetOperation<Integer> PID =
      FleetOperation.idempotent(c -> c.scalar("SELECT pg_backend_pid()", Integer.class));

  private static Map<String, Integer> pids(Fleet fleet) {
    Map<String, Integer> pids = new HashMap<>();
    for (ClusterResult<Integer> r : fleet.run(Selector.all(), PID).collectList().block(WAIT)) {
      assertThat(r.outcome()).as(r.name() + ": " + r.message()).isEqualTo(Outcome.SUCCEEDED);
      pids.put(r.name(), r.value());
    }
    return pids;
  }

  /**
   * Sessions of {@code applicationName} in pg_stat_activity, waiting up to 60 s for it to equal
   * {@code expected} (a backend leaves the view a moment after its client closed; a busy machine
   * makes that moment longer).
   */
  private static long sessionsEventually(Cluster admin, String applicationName, long expected) throws InterruptedException {
    long n = -1;
    for (int i = 0; i < 600; i++) {
      n = admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", Long.class, applicationName)
          .block(TIMEOUT);
      if (n == expected) {
        return n;
      }
      Thread.sleep(100);
    }
    return n;
  }

  @Test
  void heldSessionsAreReusedByTheNextRunAndOneShotSessionsAreNot(PgServer server, Cluster admin) throws Exception {
    List<Target> targets = targets(server, admin, "fh_reuse_", 2);
    Fleet held = fleet(targets, true);
    Map<String, Integer> first = pids(held);
    Map<String, Integer> second = pids(held);
    assertThat(first).hasSize(2);
    assertThat(second).isEqualTo(first);
    assertThat(held.engine().heldSessions()).isEqualTo(2);
    assertThat(held.engine().metrics().connections()).isEqualTo(2);
    held.close().block(WAIT);
    assertThat(held.engine().metrics().connections()).isZero();

    Fleet oneShot = fleet(targets, false);
    Map<String, Integer> a = pids(oneShot);
    Map<String, Integer> b = pids(oneShot);
    for (Target t : targets) {
      assertThat(b.get(t.name())).as(t.name()).isNotEqualTo(a.get(t.name()));
    }
    assertThat(sessionsEventually(admin, "fh_reuse_", 0)).isZero();
    drop(admin, "fh_reuse_", 2);
  }

  @Test
  void aHeldSessionWhoseBackendWasTerminatedIsReplaced(PgServer server, Cluster admin) throws Exception {
    List<Target> targets = targets(server, admin, "fh_kill_", 1);
    Fleet fleet = fleet(targets, true);
    int pid = pids(fleet).get("fh_kill_0");
    assertThat(admin.scalar("SELECT pg_terminate_backend($1)", Boolean.class, pid).block(TIMEOUT)).isTrue();
    assertThat(sessionsEventually(admin, "fh_kill_", 0)).isZero();

    Map<String, Integer> after = pids(fleet);
    assertThat(after.get("fh_kill_0")).isNotNull().isNotEqualTo(pid);
    // and the replacement is held in turn
    assertThat(pids(fleet)).isEqualTo(after);
    assertThat(fleet.engine().metrics().connections()).isEqualTo(1);
    fleet.close().block(WAIT);
    drop(admin, "fh_kill_", 1);
  }

  @Test
  void aHeldSessionLeftInAFailedTransactionIsDroppedAfterOneFailure(PgServer server, Cluster admin) {
    List<Target> targets = targets(server, admin, "fh_tx_", 1);
    Fleet fleet = fleet(targets, true);
    ClusterResult<Row> bad = fleet.run(Selector.all(), c -> c.execute("BEGIN; SELECT 1/0")).single().block(WAIT);
    assertThat(bad.sqlState()).isEqualTo("22012");
    ClusterResult<Integer> poisoned = fleet.run(Selector.all(), PID).single().block(WAIT);
    assertThat(poisoned.sqlState()).isEqualTo("25P02");
    assertThat(fleet.engine().heldSessions()).isZero();
    assertThat(pids(fleet)).containsKey("fh_tx_0");
    fleet.close().block(WAIT);
    drop(admin, "fh_tx_", 1);
  }

  @Test
  void closeLeavesNoSessionOpenAndLaterRunsFailClearly(PgServer server, Cluster admin) throws Exception {
    List<Target> targets = targets(server, admin, "fh_close_", 3);
    Fleet fleet = fleet(targets, true);
    pids(fleet);
    assertThat(sessionsEventually(admin, "fh_close_", 3)).isEqualTo(3);

    fleet.close().block(WAIT);
    assertThat(sessionsEventually(admin, "fh_close_", 0)).isZero();
    assertThat(fleet.engine().metrics().connections()).isZero();
    assertThatThrownBy(() -> fleet.run(Selector.all(), PID).blockLast(WAIT))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> fleet.rollout(Selector.all(), Rollout.builder("after-close").build(), PID).blockLast(WAIT))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    fleet.close().block(WAIT); // again: nothing to do
    drop(admin, "fh_close_", 3);
  }

  @Test
  void rolloutsOpenAndCloseTheirOwnSessionsAndReleaseTheirLock(PgServer server, Cluster admin) throws Exception {
    List<Target> targets = targets(server, admin, "fh_roll_", 2);
    Fleet fleet = fleet(targets, true);
    Map<String, Integer> held = pids(fleet);

    RolloutReport report = RolloutReport.from(fleet.rollout(Selector.all(), Rollout.builder("fh-roll").build(), PID))
        .block(WAIT);
    assertThat(report.status()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(report.results()).hasSize(2).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.value()).as(r.name()).isNotEqualTo(held.get(r.name()));
    });
    // the rollout's sessions are gone and so is their lock; the idle held sessions were closed
    // when the rollout connected (open sessions stay within perClusterConnections)
    assertThat(sessionsEventually(admin, "fh_roll_", 0)).isZero();
    assertThat(fleet.engine().heldSessions()).isZero();
    assertThat(fleet.engine().metrics().connections()).isZero();
    for (ClusterResult<?> r : report.results()) {
      assertThat(admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", Long.class, r.value()).block(TIMEOUT))
          .isZero();
    }
    assertThat(admin.scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.locktype = 'advisory' AND a.application_name = 'fh_roll_'", Long.class).block(TIMEOUT)).isZero();
    // runs hold sessions again afterwards
    Map<String, Integer> again = pids(fleet);
    assertThat(pids(fleet)).isEqualTo(again);
    fleet.close().block(WAIT);
    drop(admin, "fh_roll_", 2);
  }

  @Test
  void concurrentRunsNeverShareAHeldSession(PgServer server, Cluster admin) throws Exception {
    List<Target> targets = targets(server, admin, "fh_conc_", 1);
    Fleet fleet = fleet(targets, true);
    int primed = pids(fleet).get("fh_conc_0");
    FleetOperation<Integer> slow = FleetOperation.idempotent(c -> c.query(
        "SELECT pg_backend_pid() AS pid, pg_sleep(0.2)", (Function<Row, Integer>) row -> row.getInt("pid")));
    Mono<Integer> one = fleet.run(Selector.all(), slow).single().map(r -> {
      assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.SUCCEEDED);
      return r.value();
    });
    List<Integer> both = Flux.merge(one, one).collectList().block(WAIT);
    assertThat(both).hasSize(2).doesNotHaveDuplicates().contains(primed);
    // one of the two is kept, the other closed: at most one idle session per target
    assertThat(sessionsEventually(admin, "fh_conc_", 1)).isEqualTo(1);
    assertThat(fleet.engine().metrics().connections()).isEqualTo(1);
    fleet.close().block(WAIT);
    drop(admin, "fh_conc_", 1);
  }

  @Test
  void closeCompletesOnlyWhenEverySessionItOpenedIsClosedIncludingRunsInFlight(PgServer server, Cluster admin)
      throws Exception {
    List<Target> targets = targets(server, admin, "fh_wait_", 2);
    for (int round = 0; round < 20; round++) {
      Fleet fleet = fleet(targets, true);
      pids(fleet);
      fleet.close().block(WAIT);
      // the gauge drops before close() completes, not after
      assertThat(fleet.engine().metrics().connections()).as("round %d", round).isZero();
    }
    Fleet fleet = fleet(targets, true);
    pids(fleet);
    java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
    reactor.core.Disposable run = fleet.run(Selector.all(), FleetOperation.idempotent(c -> Mono.fromRunnable(running::countDown)
        .then(c.execute("SELECT pg_sleep(1)").then(Mono.just(1))))).subscribe();
    assertThat(running.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    fleet.close().block(WAIT);
    // the run was in flight: close() waited for its sessions to be closed
    assertThat(fleet.engine().metrics().connections()).isZero();
    assertThat(fleet.engine().liveSessions()).isZero();
    assertThat(sessionsEventually(admin, "fh_wait_", 0)).isZero();
    run.dispose();
    drop(admin, "fh_wait_", 2);
  }
}
