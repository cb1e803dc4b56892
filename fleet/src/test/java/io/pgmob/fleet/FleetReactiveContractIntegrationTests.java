package io.pgmob.fleet;

import io.pgmob.testsupport.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.error.ServerErrorException;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.TcpProxy;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The reactive contract {@link Fleet#run(Selector, FleetOperation)} states in its Javadoc (order,
 * backpressure, errors, cancellation) and the laziness of {@code run} and {@code rollout}, stated
 * with StepVerifier against a real server. The targets are distinct clusters reached through a
 * {@link TcpProxy}, so every connection the engine opens is counted; a second session observes
 * the server.
 */
@PgTest
class FleetReactiveContractIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** {@code n} targets named t0.. on {@code server}, reached through {@code proxy}, with their own application name. */
  private static List<Target> targets(PgServer server, TcpProxy proxy, String applicationName, int n) {
    List<Target> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(Target.of("t" + i, TestClusters.spec(server).toBuilder().name("t" + i)
          .host(proxy.host()).port(proxy.port()).applicationName(applicationName).build(), Map.of()));
    }
    return list;
  }

  /**
   * {@code n} targets like {@link #targets}, each on a database of its own (created here), as a
   * rollout needs: it takes an advisory lock per database, so two targets on one database would
   * wait for each other.
   */
  private static List<Target> targetsWithOwnDatabases(PgServer server, Cluster admin, TcpProxy proxy,
      String applicationName, int n) {
    dropDatabases(admin, applicationName, n);
    List<Target> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String db = database(applicationName, i);
      admin.update("CREATE DATABASE " + db).block(WAIT);
      list.add(Target.of("t" + i, TestClusters.spec(server, db).toBuilder().name("t" + i)
          .host(proxy.host()).port(proxy.port()).applicationName(applicationName).build(), Map.of()));
    }
    return list;
  }

  private static String database(String applicationName, int i) {
    return applicationName.replace('-', '_') + "_" + i;
  }

  private static void dropDatabases(Cluster admin, String applicationName, int n) {
    for (int i = 0; i < n; i++) {
      admin.update("DROP DATABASE IF EXISTS " + database(applicationName, i) + " WITH (FORCE)").block(WAIT);
    }
  }

  private static long sessions(Cluster observer, String applicationName) {
    return observer.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", Long.class,
        applicationName).block(WAIT);
  }

  private static long running(Cluster observer, String applicationName, String statement) {
    return observer.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1"
        + " AND state = 'active' AND query = $2", Long.class, applicationName, statement).block(WAIT);
  }

  // ---- laziness

  @Test
  void runAndRolloutConnectNowhereBeforeSubscription(PgServer server, Cluster observer) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      List<Target> targets = targetsWithOwnDatabases(server, observer, proxy, "fleet-rx-lazy", 3);
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(3).build());
      try {
        AtomicInteger calls = new AtomicInteger();
        FleetOperation<Integer> op = FleetOperation.idempotent(c -> {
          calls.incrementAndGet();
          return c.scalar("SELECT 1", Integer.class);
        });
        Flux<ClusterResult<Integer>> run = fleet.run(Selector.all(), op);
        Flux<RolloutEvent> rollout = fleet.rollout(Selector.all(), Rollout.builder("fleet-rx-lazy").build(), op);
        // a round trip to the server after building both: nothing was opened or called meanwhile
        assertThat(sessions(observer, "fleet-rx-lazy")).isZero();
        assertThat(proxy.acceptedConnections()).isZero();
        assertThat(calls).hasValue(0);

        StepVerifier.create(run)
            .recordWith(ArrayList::new)
            .expectNextCount(3)
            .consumeRecordedWith(rs -> assertThat(rs).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED)))
            .expectComplete()
            .verify(WAIT);
        assertThat(calls).hasValue(3);
        assertThat(proxy.acceptedConnections()).isEqualTo(3);

        StepVerifier.create(rollout)
            .thenConsumeWhile(e -> !(e instanceof RolloutEvent.Finished))
            .assertNext(e -> assertThat(((RolloutEvent.Finished) e).report().status())
                .as("%s", ((RolloutEvent.Finished) e).report()).isEqualTo(io.pgmob.fleet.rollout.RolloutReport.Status.COMPLETED))
            .expectComplete()
            .verify(WAIT);
        assertThat(calls).hasValue(6);
        assertThat(proxy.acceptedConnections()).isGreaterThanOrEqualTo(6);
      } finally {
        fleet.close().block(WAIT);
        dropDatabases(observer, "fleet-rx-lazy", 3);
      }
    }
  }

  // ---- order

  @Test
  void resultsComeInCompletionOrderWhichIsInventoryOrderOneAtATime(PgServer server) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      List<Target> targets = targets(server, proxy, "fleet-rx-order", 5);
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(1).build());
      try {
        StepVerifier.create(fleet.run(Selector.all(), FleetOperation.idempotent(c -> c.scalar("SELECT 1", Integer.class)))
                .map(ClusterResult::name))
            .expectNext("t0", "t1", "t2", "t3", "t4")
            .expectComplete()
            .verify(WAIT);
        // one session per cluster for the run
        assertThat(proxy.acceptedConnections()).isEqualTo(5);
      } finally {
        fleet.close().block(WAIT);
      }
    }
  }

  // ---- backpressure

  @Test
  void aSlowSubscriberHoldsBackTheFanOut(PgServer server, Cluster observer) {
    int n = 8;
    int concurrency = 2;
    String app = "fleet-rx-backpressure";
    try (TcpProxy proxy = TcpProxy.start(server)) {
      List<Target> targets = targets(server, proxy, app, n);
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(concurrency).build());
      AtomicInteger started = new AtomicInteger();
      AtomicInteger finished = new AtomicInteger();
      FleetOperation<Integer> op = FleetOperation.idempotent(c -> Mono.defer(() -> {
        started.incrementAndGet();
        return c.scalar("SELECT 1", Integer.class).doOnSuccess(x -> finished.incrementAndGet());
      }));
      AtomicInteger requested = new AtomicInteger();
      // after each step: wait until what has started has finished, then no more than the results
      // requested plus the concurrency may have started (a new cluster starts only when a finished
      // cluster's result was requested) or connected
      Runnable bounded = () -> {
        Await.until("started clusters finish", WAIT, () -> finished.get() == started.get() && started.get() >= requested.get());
        assertThat(started.get()).as("clusters started with %s requested", requested.get())
            .isLessThanOrEqualTo(requested.get() + concurrency);
        assertThat(proxy.acceptedConnections()).as("sessions opened with %s requested", requested.get())
            .isLessThanOrEqualTo(requested.get() + concurrency);
        assertThat(fleet.inFlight()).isLessThanOrEqualTo(concurrency);
      };
      try {
        StepVerifier.create(fleet.run(Selector.all(), op), 0)
            .expectSubscription()
            .then(bounded)
            .then(() -> requested.set(1))
            .thenRequest(1)
            .expectNextCount(1)
            .then(bounded)
            .then(() -> requested.set(3))
            .thenRequest(2)
            .expectNextCount(2)
            .then(bounded)
            .then(() -> requested.set(n))
            .thenRequest(Long.MAX_VALUE)
            .expectNextCount(n - 3)
            .expectComplete()
            .verify(WAIT);
        assertThat(started).hasValue(n);
        assertThat(proxy.acceptedConnections()).isEqualTo(n);
        Await.until("the run's sessions close", WAIT, () -> sessions(observer, app) == 0);
      } finally {
        fleet.close().block(WAIT);
      }
    }
  }

  // ---- errors

  @Test
  void aFailingClusterIsAResultAndTheFluxCompletes(PgServer server) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      List<Target> targets = targets(server, proxy, "fleet-rx-errors", 4);
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(4).build());
      try {
        FleetOperation<Void> op = FleetOperation.of(c -> c.name().equals("t2")
            ? c.execute("SELEKT 1").then() : c.execute("SELECT 1").then());
        StepVerifier.create(fleet.run(Selector.all(), op))
            .recordWith(ArrayList::new)
            .expectNextCount(4)
            .consumeRecordedWith(rs -> {
              assertThat(rs).filteredOn(r -> r.outcome() == Outcome.SUCCEEDED).extracting(ClusterResult::name)
                  .containsExactlyInAnyOrder("t0", "t1", "t3");
              assertThat(rs).filteredOn(r -> r.outcome() == Outcome.FAILED).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("t2");
                assertThat(r.sqlState()).isEqualTo("42601");
                assertThat(r.error()).isInstanceOf(ServerErrorException.class);
                assertThat(r.attempts()).isEqualTo(1);
              });
            })
            .expectComplete()
            .verify(WAIT);
      } finally {
        fleet.close().block(WAIT);
      }
      // after close, a run fails with IllegalStateException (even one built before)
      Flux<ClusterResult<Integer>> built = fleet.run(Selector.all(), FleetOperation.idempotent(c -> c.scalar("SELECT 1", Integer.class)));
      StepVerifier.create(built).expectError(IllegalStateException.class).verify(WAIT);
      StepVerifier.create(fleet.run(Selector.all(), FleetOperation.idempotent(c -> c.scalar("SELECT 1", Integer.class))))
          .expectError(IllegalStateException.class).verify(WAIT);
    }
  }

  // ---- cancellation

  @Test
  void cancellingARunCancelsTheStatementsOnAllTargetsAndOpensNoNewSessions(PgServer server, Cluster observer) {
    int n = 3;
    String app = "fleet-rx-cancel";
    try (TcpProxy proxy = TcpProxy.start(server)) {
      List<Target> targets = targets(server, proxy, app, n);
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(n).build());
      try {
        AtomicInteger acceptedBefore = new AtomicInteger();
        StepVerifier.create(fleet.run(Selector.all(), FleetOperation.sql("SELECT pg_sleep(60)")))
            .expectSubscription()
            .then(() -> Await.until("every target runs pg_sleep", WAIT, () -> running(observer, app, "SELECT pg_sleep(60)") == n))
            .then(() -> acceptedBefore.set(proxy.acceptedConnections()))
            .thenCancel()
            .verify(WAIT);
        // stopped on the servers, not just abandoned by the client
        Await.until("pg_sleep is cancelled on every target", WAIT, () -> running(observer, app, "SELECT pg_sleep(60)") == 0);
        Await.until("the run's sessions close", WAIT, () -> sessions(observer, app) == 0);
        Await.until("the fleet has nothing in flight", WAIT, () -> fleet.inFlight() == 0);
        // at most one cancel request per statement, and no new session
        assertThat(proxy.acceptedConnections() - acceptedBefore.get()).isLessThanOrEqualTo(n);
        assertThat(sessions(observer, app)).isZero();
      } finally {
        fleet.close().block(WAIT);
      }
    }
  }

  @Test
  void cancellingARolloutCancelsTheStatementsInFlight(PgServer server, Cluster observer) {
    int n = 3;
    String app = "fleet-rx-cancel-rollout";
    try (TcpProxy proxy = TcpProxy.start(server)) {
      List<Target> targets = targetsWithOwnDatabases(server, observer, proxy, app, n);
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(n).build());
      try {
        StepVerifier.create(fleet.rollout(Selector.all(), Rollout.builder("fleet-rx-cancel").build(),
                FleetOperation.sql("SELECT pg_sleep(60)"))
                // no cluster can finish before the cancel; the rollout's other events are not the point here
                .filter(e -> e instanceof RolloutEvent.ClusterFinished))
            .expectSubscription()
            .then(() -> Await.until("every target runs pg_sleep", WAIT, () -> running(observer, app, "SELECT pg_sleep(60)") == n))
            .thenCancel()
            .verify(WAIT);
        Await.until("pg_sleep is cancelled on every target", WAIT, () -> running(observer, app, "SELECT pg_sleep(60)") == 0);
        Await.until("the rollout's sessions close", WAIT, () -> sessions(observer, app) == 0);
      } finally {
        fleet.close().block(WAIT);
        dropDatabases(observer, app, n);
      }
    }
  }
}
