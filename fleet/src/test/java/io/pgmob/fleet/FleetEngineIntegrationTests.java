package io.pgmob.fleet;

import io.pgmob.testsupport.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.fleet.internal.FleetMetrics;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.TcpProxy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The fan-out engine against 100 real cluster targets (4 servers x 25 databases). */
class FleetEngineIntegrationTests {

  private static FleetTestbed bed;

  @BeforeAll
  static void startServers() {
    bed = FleetTestbed.get();
  }

  @Test
  void globalConcurrencyIsBoundedAsObservedOnTheServers() {
    int limit = 12;
    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(limit).build());
    AtomicInteger maxSeen = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Throwable> samplerError = new java.util.concurrent.atomic.AtomicReference<>();
    Disposable sampler = Flux.interval(Duration.ofMillis(40)).onBackpressureDrop()
        .concatMap(i -> Mono.fromCallable(() -> bed.activeSessions("SELECT pg_sleep(0.3)%"))
            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 1)
        .subscribe(n -> maxSeen.accumulateAndGet(n, Math::max), samplerError::set);
    FleetReport report;
    try {
      report = FleetReport.collect(fleet.run(Selector.all(), c -> c.execute("SELECT pg_sleep(0.3)").then()))
          .block(Duration.ofMinutes(2));
    } finally {
      sampler.dispose();
    }
    assertThat(samplerError.get()).isNull();
    assertThat(report.total()).isEqualTo(100);
    assertThat(report.count(Outcome.SUCCEEDED)).isEqualTo(100);
    assertThat(maxSeen.get()).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo(limit / 2);
    assertThat(report.latency().p50()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void perClusterRateLimitHoldsAcrossConcurrentRuns() {
    List<Target> ten = bed.targets.subList(25, 35); // server s1
    Fleet fleet = Fleet.create(Inventory.of(ten), FleetOptions.builder().concurrency(100)
        .perClusterRate(5).perClusterConnections(5).build());
    Flux.fromIterable(ten).concatMap(t -> Cluster.connect(t.spec())
        .flatMap(c -> c.executeScript("DROP TABLE IF EXISTS rate_log; CREATE TABLE rate_log (ts timestamptz)")
            .then(c.close()))).blockLast(Duration.ofSeconds(30));
    int runs = 5;
    // when each operation started, taken in the operation itself (right after the engine handed it
    // its rate token): the server's clock_timestamp() would also measure how long each statement
    // waited for a CPU on a busy machine, which can bunch two statements far below the rate
    Map<String, List<Long>> starts = new ConcurrentHashMap<>();
    Flux.range(0, runs)
        .flatMap(i -> fleet.run(Selector.all(), c -> Mono.defer(() -> {
          starts.computeIfAbsent(c.name(), k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
              .add(System.nanoTime());
          return c.update("INSERT INTO rate_log VALUES (clock_timestamp())");
        })))
        .doOnNext(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED))
        .blockLast(Duration.ofMinutes(1));
    assertThat(starts).hasSize(ten.size());
    for (Target t : ten) {
      List<OffsetDateTime> ts = Cluster.connect(t.spec())
          .flatMap(c -> c.query("SELECT ts FROM rate_log ORDER BY ts", r -> r.get("ts", OffsetDateTime.class))
              .collectList().flatMap(l -> c.close().thenReturn(l)))
          .block(Duration.ofSeconds(10));
      assertThat(ts).as("rows on %s", t.name()).hasSize(runs);
      List<Long> started = starts.get(t.name()).stream().sorted().toList();
      assertThat(started).as("operations started on %s", t.name()).hasSize(runs);
      // 5 operations at 5/s: the first is free, the next four wait 200 ms each (some slack for timers)
      Duration span = Duration.ofNanos(started.get(runs - 1) - started.get(0));
      assertThat(span).as("span on %s", t.name()).isGreaterThanOrEqualTo(Duration.ofMillis(700));
      for (int i = 1; i < runs; i++) {
        assertThat(Duration.ofNanos(started.get(i) - started.get(i - 1))).as("gap on %s", t.name())
            .isGreaterThanOrEqualTo(Duration.ofMillis(120));
      }
    }
  }

  @Test
  void perClusterConnectionCapHoldsAcrossConcurrentRuns() {
    List<Target> five = bed.targets.subList(50, 55); // server s2, fleet_00..04
    Fleet fleet = Fleet.create(Inventory.of(five), FleetOptions.builder().concurrency(100).perClusterConnections(2)
        .build());
    Map<String, Integer> maxPerDb = new ConcurrentHashMap<>();
    Cluster admin = bed.admins.get(2);
    java.util.concurrent.atomic.AtomicReference<Throwable> samplerError = new java.util.concurrent.atomic.AtomicReference<>();
    Disposable sampler = Flux.interval(Duration.ofMillis(30)).onBackpressureDrop()
        .concatMap(i -> admin.execute("SELECT datname, count(*)::int AS n FROM pg_stat_activity"
            + " WHERE application_name = 'pgmob-fleet-test' GROUP BY datname"), 1)
        .subscribe(r -> maxPerDb.merge(r.getString("datname"), r.getInt("n"), Math::max), samplerError::set);
    try {
      Flux.range(0, 4).flatMap(i -> fleet.run(Selector.all(), c -> c.execute("SELECT pg_sleep(0.3)").then()))
          .doOnNext(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED))
          .blockLast(Duration.ofMinutes(1));
    } finally {
      sampler.dispose();
    }
    assertThat(samplerError.get()).isNull();
    assertThat(maxPerDb).containsKeys("fleet_00", "fleet_04");
    assertThat(maxPerDb.values()).allSatisfy(n -> assertThat(n).isEqualTo(2));
  }

  @Test
  void aSlowConsumerSlowsTheFanOutInsteadOfBuffering() {
    int limit = 8;
    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(limit).build());
    AtomicInteger started = new AtomicInteger();
    List<ClusterResult<Integer>> received = Collections.synchronizedList(new ArrayList<>());
    BaseSubscriber<ClusterResult<Integer>> slow = new BaseSubscriber<>() {
      @Override
      protected void hookOnSubscribe(Subscription s) {
        s.request(3);
      }

      @Override
      protected void hookOnNext(ClusterResult<Integer> r) {
        received.add(r);
      }
    };
    fleet.run(Selector.all(), c -> Mono.fromCallable(started::incrementAndGet)
        .flatMap(n -> c.scalar("SELECT 1", Integer.class))).subscribe(slow);
    Await.until("condition", Duration.ofSeconds(60), () -> received.size() == 3);
    // every cluster started so far has finished and nothing is in flight: whatever was going to
    // start without demand would have started by now (a wait on the event, not a fixed sleep)
    Await.until("condition", Duration.ofSeconds(120), () -> fleet.inFlight() == 0);
    // only the consumed results were replaced by new clusters; at most `limit` results wait
    assertThat(started.get()).isLessThanOrEqualTo(3 + limit);
    assertThat(received).hasSize(3);
    slow.request(Long.MAX_VALUE);
    Await.until("condition", Duration.ofSeconds(60), () -> received.size() == 100);
    assertThat(started.get()).isEqualTo(100);
  }

  @Test
  void cancellingTheRunCancelsStatementsOnTheServersAndOpensNoNewSessions() {
    List<TcpProxy> proxies = bed.servers.stream().map(TcpProxy::start).toList();
    try {
      List<Target> viaProxy = bed.mapped(t -> {
        int s = Integer.parseInt(t.label("server").substring(1));
        return t.spec().toBuilder().host(proxies.get(s).host()).port(proxies.get(s).port()).build();
      });
      int limit = 40;
      Fleet fleet = Fleet.create(Inventory.of(viaProxy), FleetOptions.builder().concurrency(limit).build());
      Disposable run = fleet.run(Selector.all(), c -> c.execute("SELECT pg_sleep(60)").then()).subscribe();
      Await.until("condition", Duration.ofSeconds(60), () -> bed.activeSessions("SELECT pg_sleep(60)%") == limit);
      int acceptedBefore = proxies.stream().mapToInt(TcpProxy::acceptedConnections).sum();
      run.dispose();
      // the statements stop on the servers (closing a socket alone would leave pg_sleep running)
      Await.until("condition", Duration.ofSeconds(50), () -> bed.activeSessions("SELECT pg_sleep(60)%") == 0);
      // the engine let go of every session it opened (closed, none being opened), then the servers saw them go
      Await.until("condition", Duration.ofSeconds(60), () -> fleet.engine().liveSessions() == 0 && fleet.inFlight() == 0);
      Await.until("condition", Duration.ofSeconds(60), () -> bed.sessions() == 0);
      int acceptedAfter = proxies.stream().mapToInt(TcpProxy::acceptedConnections).sum();
      // at most one cancel request per statement in flight, and no new session
      assertThat(acceptedAfter - acceptedBefore).isLessThanOrEqualTo(limit);
      assertThat(bed.sessions()).isZero();
      assertThat(fleet.inFlight()).isZero();
    } finally {
      proxies.forEach(TcpProxy::close);
    }
  }

  @Test
  void aConnectionCutIsRetriedAfterReconcilingAndUnreconcilableOperationsFailAsEffectUnknown() {
    PgServerRef ref = new PgServerRef(3);
    try (TcpProxy proxy = TcpProxy.start(bed.servers.get(ref.index))) {
      List<Target> viaProxy = bed.mapped(t -> t.spec().toBuilder().host(proxy.host()).port(proxy.port()).build())
          .stream().filter(t -> t.label("server").equals("s3")).toList();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Fleet fleet = Fleet.create(Inventory.of(viaProxy), FleetOptions.builder().concurrency(50)
          .retry(RetryPolicy.backoff(3, Duration.ofMillis(100))).meterRegistry(registry).build());

      AtomicInteger reconciled = new AtomicInteger();
      FleetOperation<String> safe = FleetOperation.<String>of(c -> c.execute("SELECT pg_sleep(3)")
              .then(c.scalar("SELECT current_database()", String.class)))
          .withReconcile(c -> {
            reconciled.incrementAndGet();
            return Mono.just(Reconciliation.notApplied());
          });
      Mono<List<ClusterResult<String>>> first = fleet.run(Selector.all(), safe).collectList();
      Mono<Void> cut = Mono.fromRunnable(() -> Await.until("condition", Duration.ofSeconds(30),
              () -> bed.activeSessions("SELECT pg_sleep(3)%") == 25))
          .then(Mono.fromRunnable(proxy::cutConnections))
          .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).then();
      List<ClusterResult<String>> results = Mono.zip(first, cut.thenReturn(true)).map(t -> t.getT1())
          .block(Duration.ofMinutes(1));
      assertThat(results).hasSize(25).allSatisfy(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.value()).startsWith("fleet_");
      });
      assertThat(reconciled.get()).isEqualTo(25);
      assertThat(registry.get(FleetMetrics.RETRIES).counter().count()).isEqualTo(25.0);
      assertThat(registry.get(FleetMetrics.OPERATIONS).tag("outcome", "succeeded").timer().count()).isEqualTo(25);

      // the same cut under an operation that cannot tell whether it took effect
      Mono<List<ClusterResult<Void>>> second = fleet.run(Selector.all(), FleetOperation.sql("SELECT pg_sleep(3)"))
          .collectList();
      List<ClusterResult<Void>> unknown = Mono.zip(second, cut.thenReturn(true)).map(t -> t.getT1())
          .block(Duration.ofMinutes(1));
      assertThat(unknown).hasSize(25).allSatisfy(r -> {
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.error()).isInstanceOf(Failures.EffectUnknownException.class);
        assertThat(r.message()).contains("effect unknown");
      });
    }
  }

  private record PgServerRef(int index) {}

  @Test
  void connectFailuresAreRetriedWithBackoffAndPermanentErrorsAreNot() {
    ConnectionSpec dead = ConnectionSpec.builder().host("127.0.0.1").port(1).user("nobody")
        .connectTimeout(Duration.ofSeconds(2)).build();
    Target down = Target.of("down", dead, Map.of());
    Target up = bed.targets.get(0);
    Fleet fleet = Fleet.create(Inventory.of(down, up), FleetOptions.builder()
        .retry(RetryPolicy.backoff(3, Duration.ofMillis(50))).build());
    Map<String, ClusterResult<Long>> byName = fleet.run(Selector.all(), c -> c.update("SELECT * FROM no_such_table"))
        .collectMap(ClusterResult::name).block(Duration.ofSeconds(30));
    assertThat(byName.get("down").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(byName.get("down").attempts()).isEqualTo(3);
    assertThat(byName.get("down").sqlState()).startsWith("08");
    assertThat(byName.get("down").timings().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(byName.get(up.name()).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(byName.get(up.name()).attempts()).isEqualTo(1);
    assertThat(byName.get(up.name()).sqlState()).isEqualTo("42P01");
  }

  @Test
  void anOperationThatOverrunsItsTimeoutIsCancelledOnTheServer() {
    List<Target> three = bed.targets.subList(75, 78);
    Fleet fleet = Fleet.create(Inventory.of(three), FleetOptions.builder().timeout(Duration.ofMillis(700)).build());
    List<ClusterResult<Void>> results = fleet.run(Selector.all(), c -> c.execute("SELECT pg_sleep(20)").then())
        .collectList().block(Duration.ofSeconds(30));
    assertThat(results).hasSize(3).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(r.sqlState()).isEqualTo("57014");
      assertThat(r.attempts()).isEqualTo(1);
    });
    Await.until("condition", Duration.ofSeconds(60), () -> bed.activeSessions("SELECT pg_sleep(20)%") == 0);
  }

  @Test
  void aMixedVersionFleetReportsEachClustersMajor() {
    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(32).build());
    Map<Integer, Long> majors = fleet.run(Selector.all(), c -> Mono.just(c.version().major()))
        .collect(Collectors.groupingBy(r -> r.value(), Collectors.counting())).block(Duration.ofMinutes(1));
    Map<Integer, Long> expected = new java.util.TreeMap<>();
    FleetTestbed.MAJORS.forEach(v -> expected.put(v, 25L));
    assertThat(majors).isEqualTo(expected);
    assertThat(bed.inventory().select("pg=13|18")).hasSize(50);
  }

  @Test
  void fleetQueryReturnsRowsTaggedWithTheirClusterFromEveryTarget() {
    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(32).build());
    List<ClusterRow> rows = fleet.query("env=prod,region=eu", "SELECT current_database() AS db, inet_server_port() AS port")
        .collectList().block(Duration.ofMinutes(1));
    assertThat(rows).hasSize(26); // 13 even databases on each of the 2 eu servers
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.target().label("env")).isEqualTo("prod");
      assertThat(r.cluster()).endsWith(r.row().getString("db").substring("fleet_".length()));
    });
    Map<String, Long> perServer = rows.stream().collect(Collectors.groupingBy(r -> r.target().label("server"),
        Collectors.counting()));
    assertThat(perServer).containsOnly(Map.entry("s0", 13L), Map.entry("s1", 13L));
  }
}
