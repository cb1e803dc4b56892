package io.pgmob.fleet;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutJournal;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rollouts against 100 real cluster targets (4 servers x 25 databases). */
class FleetRolloutIntegrationTests {

  private static FleetTestbed bed;

  @BeforeAll
  static void startServers() {
    bed = FleetTestbed.get();
  }

  /** For each target, whether {@code sql} (a boolean query) is true there. */
  private static Map<String, Boolean> probe(List<Target> targets, String sql) {
    return Flux.fromIterable(targets)
        .flatMap(t -> Cluster.connect(t.spec()).flatMap(c -> c.scalar(sql, Boolean.class)
            .flatMap(b -> c.close().thenReturn(Map.entry(t.name(), b)))), 16)
        .collectMap(Map.Entry::getKey, Map.Entry::getValue).block(Duration.ofMinutes(1));
  }

  private static FleetOperation<AppliedChanges> createSchema(String schema) {
    return FleetOperation.ofPlan(c -> c.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = $1", Long.class, schema)
        .map(n -> n > 0 ? Plan.empty()
            : Plan.of(Change.of("create schema " + schema, Sql.format("CREATE SCHEMA {}", Identifier.of(schema))))));
  }

  @Test
  void dryRunReturnsEachClustersPlanWithSecretsRedactedAndChangesNothing() {
    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(24).build());
    FleetOperation<AppliedChanges> op = FleetOperation.ofPlan(c -> c.scalar(
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'dry_run_schema'", Long.class)
        .map(n -> n > 0 ? Plan.empty() : Plan.of(
            Change.of("create schema", Sql.raw("CREATE SCHEMA dry_run_schema")),
            Change.of("create role", Sql.format("CREATE ROLE {} PASSWORD {}", Identifier.of("dry_run_role"),
                Literal.secret("s3cret-pw"))))));
    Rollout rollout = Rollout.builder("dry").canary(2).waves(Wave.percent(50)).dryRun(true).build();
    List<RolloutEvent> events = fleet.rollout(Selector.all(), rollout, op).collectList().block(Duration.ofMinutes(2));
    RolloutReport report = ((RolloutEvent.Finished) events.get(events.size() - 1)).report();

    assertThat(report.dryRun()).isTrue();
    assertThat(report.status()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(report.results()).hasSize(100).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.plan()).isNotNull();
      assertThat(r.plan().statements()).containsExactly("CREATE SCHEMA dry_run_schema;",
          "CREATE ROLE \"dry_run_role\" PASSWORD '***';");
      assertThat(r.plan().toString()).doesNotContain("s3cret-pw");
    });
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.WaveStarted).hasSize(3);
    assertThat(probe(bed.targets, "SELECT count(*) = 0 FROM pg_namespace WHERE nspname = 'dry_run_schema'").values())
        .hasSize(100).containsOnly(true);
    assertThat(probe(bed.targets.subList(0, 1), "SELECT count(*) = 0 FROM pg_roles WHERE rolname = 'dry_run_role'")
        .values()).containsOnly(true);
  }

  @Test
  void aPlanBasedRolloutAppliesOnceAndReportsUnchangedOnTheSecondRun() {
    List<Target> s1 = bed.inventory().select("server=s1");
    Fleet fleet = Fleet.create(Inventory.of(s1));
    try {
      Rollout rollout = Rollout.builder("ensure-schema").canary(1).waves(Wave.count(10)).build();
      RolloutReport first = RolloutReport.from(fleet.rollout(Selector.all(), rollout, createSchema("ensured_schema")))
          .block(Duration.ofMinutes(1));
      assertThat(first.report().count(Outcome.SUCCEEDED)).isEqualTo(25);
      RolloutReport second = RolloutReport.from(fleet.rollout(Selector.all(), rollout, createSchema("ensured_schema")))
          .block(Duration.ofMinutes(1));
      assertThat(second.report().count(Outcome.UNCHANGED)).isEqualTo(25);
      assertThat(second.results()).allSatisfy(r -> assertThat(((AppliedChanges) r.value()).changes()).isEmpty());
    } finally {
      FleetReport.collect(fleet.run(Selector.all(), FleetOperation.sql("DROP SCHEMA IF EXISTS ensured_schema")))
          .block(Duration.ofMinutes(1));
    }
  }

  @Test
  void aRolloutHaltsWhenFailuresPassTheThresholdAndStartsNoFurtherCluster(@TempDir Path dir) throws IOException {
    bed.everywhere("DROP TABLE IF EXISTS halt_mark");
    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(5).build());
    Set<String> failing = Set.of("s0-db05", "s0-db07", "s0-db09", "s0-db11");
    FleetOperation<Long> op = c -> failing.contains(c.name())
        ? c.update("SELECT 1/0")
        : c.update("CREATE TABLE halt_mark (i int)");
    Path journal = dir.resolve("halt.journal");
    Rollout rollout = Rollout.builder("halt").canary(2).waves(Wave.count(20)).maxFailures(Threshold.count(2))
        .journal(journal).build();
    List<RolloutEvent> events = fleet.rollout(Selector.all(), rollout, op).collectList().block(Duration.ofMinutes(2));
    RolloutReport report = RolloutReport.from(Flux.fromIterable(events)).block(TIMEOUT);

    assertThat(report.status()).isEqualTo(RolloutReport.Status.HALTED);
    // the halt line counts the failures the report counts (those in flight at the halt included)
    assertThat(report.haltReason()).isEqualTo(report.report().count(Outcome.FAILED) + " of 100 clusters failed (threshold 2)");
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Halted).hasSize(1);
    // wave 1 (s0-db02 .. s1-db01) halted at its third failure; later waves never started
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.WaveStarted).hasSize(2);
    assertThat(report.report().count(Outcome.FAILED)).isBetween(3, 4);
    assertThat(report.results().size() + report.notStarted().size()).isEqualTo(100);
    assertThat(report.notStarted()).contains("s3-db24").hasSizeGreaterThanOrEqualTo(78);
    Map<String, Boolean> marked = probe(bed.targets, "SELECT to_regclass('halt_mark') IS NOT NULL");
    Set<String> ran = report.results().stream().filter(ClusterResult::isSuccess).map(ClusterResult::name)
        .collect(Collectors.toSet());
    marked.forEach((name, has) -> assertThat(has).as(name).isEqualTo(ran.contains(name)));
    assertThat(RolloutJournal.read(journal).lastEvent()).isEqualTo("halted");
    bed.everywhere("DROP TABLE IF EXISTS halt_mark");
  }

  @Test
  void aPerWavePercentageThresholdHaltsAfterTheWave() {
    List<Target> s2 = bed.inventory().select("server=s2").subList(10, 20); // fleet_10 .. fleet_19
    Fleet fleet = Fleet.create(Inventory.of(s2), FleetOptions.builder().concurrency(1).build());
    Set<String> failing = Set.of(s2.get(5).name(), s2.get(6).name()); // both in wave 1 (of 4 clusters)
    Rollout rollout = Rollout.builder("per-wave").waves(Wave.count(4)).maxFailures(Threshold.none())
        .maxFailuresPerWave(Threshold.percent(25)).build();
    RolloutReport report = RolloutReport.from(fleet.rollout(Selector.all(), rollout,
        c -> failing.contains(c.name()) ? c.update("SELECT 1/0") : c.update("SELECT 1"))).block(Duration.ofMinutes(1));
    assertThat(report.status()).isEqualTo(RolloutReport.Status.HALTED);
    assertThat(report.haltReason()).isEqualTo("wave 1: 2 of 4 clusters failed (threshold 25.0%)");
    // wave 0 (4) and wave 1 up to its second failure (3 with concurrency 1) ran; the rest did not start
    assertThat(report.results()).hasSize(7);
    assertThat(report.notStarted()).containsExactlyElementsOf(s2.subList(7, 10).stream().map(Target::name).toList());
  }

  @Test
  void aCrashedRolloutResumesFromItsJournalWithoutRedoingFinishedClusters(@TempDir Path dir) throws IOException {
    bed.everywhere("DROP TABLE IF EXISTS resume_runs; CREATE TABLE resume_runs (i int)");
    Path journal = dir.resolve("resume.journal");
    Rollout rollout = Rollout.builder("resume").canary(3).waves(Wave.count(40)).journal(journal).build();
    AtomicInteger reconciled = new AtomicInteger();
    // one implicit transaction: cancelled in flight, it leaves nothing behind
    FleetOperation<Void> op = FleetOperation.<Void>of(
            c -> c.executeScript("INSERT INTO resume_runs VALUES (1); SELECT pg_sleep(0.2)"))
        .withReconcile(c -> c.scalar("SELECT count(*) FROM resume_runs", Long.class).map(n -> {
          reconciled.incrementAndGet();
          return n > 0 ? Reconciliation.<Void>applied(null) : Reconciliation.<Void>notApplied();
        }));

    // first execution: the process "dies" after 30 clusters finished (the subscription is dropped mid-wave)
    Fleet first = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(10).build());
    AtomicInteger finished = new AtomicInteger();
    first.rollout(Selector.all(), rollout, op)
        .takeUntil(e -> e instanceof RolloutEvent.ClusterFinished && finished.incrementAndGet() == 30)
        .blockLast(Duration.ofMinutes(1));
    RolloutJournal.State crashed = RolloutJournal.read(journal);
    assertThat(crashed.done()).hasSize(30);
    assertThat(crashed.interrupted()).isNotEmpty();
    // and its last record was torn half-way through the write
    byte[] bytes = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(bytes, bytes.length - 20));
    RolloutJournal.State torn = RolloutJournal.read(journal);
    assertThat(torn.tornTail()).isTrue();
    Set<String> doneBefore = torn.done();
    Set<String> interruptedBefore = torn.interrupted();

    // second execution, a fresh fleet (a new JVM would be the same): resumes
    Fleet second = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(10).build());
    List<RolloutEvent> events = second.rollout(Selector.all(), rollout, op).collectList().block(Duration.ofMinutes(2));
    RolloutEvent.Started started = (RolloutEvent.Started) events.get(0);
    RolloutReport report = RolloutReport.from(Flux.fromIterable(events)).block(TIMEOUT);

    assertThat(started.alreadyDone()).containsExactlyInAnyOrderElementsOf(doneBefore);
    assertThat(started.interrupted()).containsExactlyInAnyOrderElementsOf(interruptedBefore);
    assertThat(report.interrupted()).containsExactlyInAnyOrderElementsOf(interruptedBefore);
    assertThat(report.status()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(report.results()).hasSize(100 - doneBefore.size()).allSatisfy(r -> assertThat(r.isSuccess()).isTrue());
    assertThat(report.results()).extracting(ClusterResult::name).doesNotContainAnyElementsOf(doneBefore);
    assertThat(reconciled.get()).isEqualTo(interruptedBefore.size());
    // every cluster ran exactly once over both executions
    assertThat(probe(bed.targets, "SELECT count(*) = 1 FROM resume_runs")).hasSize(100).doesNotContainValue(false);
    RolloutJournal.State end = RolloutJournal.read(journal);
    assertThat(end.done()).hasSize(100);
    assertThat(end.interrupted()).isEmpty();
    assertThat(end.executions()).isEqualTo(2);
    assertThat(end.lastEvent()).isEqualTo("completed");
    bed.everywhere("DROP TABLE IF EXISTS resume_runs");
  }

  @Test
  void aRolloutWhoseJvmWasKilledMidWaveResumesFromItsJournal(@TempDir Path dir) throws Exception {
    bed.everywhere("DROP TABLE IF EXISTS crash_runs; CREATE TABLE crash_runs (i int)");
    Path journal = dir.resolve("crash.journal");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), FleetCrashChild.class.getName(),
        journal.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    for (int s = 0; s < bed.servers.size(); s++) {
      io.pgmob.testkit.PgServer server = bed.servers.get(s);
      command.add(server.host() + ":" + server.port() + ":" + server.superuser());
      pb.environment().put("PGMOB_CRASH_PW_" + s, server.password());
    }
    pb.command(command);
    Process child = pb.start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (RolloutJournal.read(journal).done().size() < 30) {
        assertThat(child.isAlive()).as("child alive; log: %s", dir.resolve("child.log")).isTrue();
        assertThat(System.nanoTime()).as("30 clusters done within 2 minutes").isLessThan(deadline);
        Thread.sleep(10);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup, sessions dropped
      child.waitFor();
    }
    RolloutJournal.State killed = RolloutJournal.read(journal);
    assertThat(killed.done().size()).isBetween(30, 60);
    assertThat(killed.interrupted()).isNotEmpty();
    assertThat(killed.lastEvent()).isEqualTo("execution");
    // the killed client's backends finish their statement and go away (a zombie still holding the
    // rollout lock would make the resumed rollout skip that cluster rather than apply twice)
    long wait = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (bed.sessions() > 0 && System.nanoTime() < wait) {
      Thread.sleep(50);
    }

    Fleet fleet = Fleet.create(bed.inventory(), FleetOptions.builder().concurrency(10).build());
    List<RolloutEvent> events = fleet.rollout(Selector.all(), FleetCrashChild.rollout(journal),
        FleetCrashChild.operation()).collectList().block(Duration.ofMinutes(2));
    RolloutEvent.Started started = (RolloutEvent.Started) events.get(0);
    RolloutReport report = RolloutReport.from(Flux.fromIterable(events)).block(TIMEOUT);
    assertThat(started.alreadyDone()).containsExactlyInAnyOrderElementsOf(killed.done());
    assertThat(report.interrupted()).containsExactlyInAnyOrderElementsOf(killed.interrupted());
    assertThat(report.status()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(report.results()).hasSize(100 - killed.done().size()).allSatisfy(r -> assertThat(r.isSuccess()).isTrue());
    assertThat(probe(bed.targets, "SELECT count(*) = 1 FROM crash_runs")).hasSize(100).doesNotContainValue(false);
    assertThat(RolloutJournal.read(journal).done()).hasSize(100);
    bed.everywhere("DROP TABLE IF EXISTS crash_runs");
  }

  @Test
  void aClusterLockedByAnotherRolloutIsSkipped() {
    Target locked = bed.targets.get(75); // s3-db00
    Cluster other = Cluster.connect(locked.spec()).block(Duration.ofSeconds(20));
    try {
      other.execute("SELECT pg_advisory_lock($1)", Rollout.LOCK_KEY).then().block(TIMEOUT);
      Fleet fleet = Fleet.create(bed.inventory());
      RolloutReport report = RolloutReport.from(fleet.rollout("server=s3", Rollout.builder("locks").build(),
          c -> c.scalar("SELECT 1", Integer.class))).block(Duration.ofMinutes(1));
      assertThat(report.report().count(Outcome.SUCCEEDED)).isEqualTo(24);
      ClusterResult<?> skipped = report.results().stream().filter(r -> r.name().equals(locked.name())).findFirst()
          .orElseThrow();
      assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(skipped.message()).contains("locked by another rollout");
    } finally {
      other.close().block(TIMEOUT);
    }
  }

  @Test
  void pausesAndAnApprovalGateRunBetweenWavesAndADenialHalts() {
    List<Target> s2 = bed.inventory().select("server=s2").subList(0, 7);
    Fleet fleet = Fleet.create(Inventory.of(s2));
    List<Integer> asked = new ArrayList<>();
    Rollout rollout = Rollout.builder("gated").canary(1).waves(Wave.count(2))
        .pauseBetweenWaves(Duration.ofMillis(200))
        .approval((finished, next) -> {
          asked.add(next);
          return Mono.just(next < 3).delayElement(Duration.ofMillis(50));
        }).build();
    List<RolloutEvent> events = fleet.rollout(Selector.all(), rollout, c -> c.scalar("SELECT 1", Integer.class))
        .collectList().block(Duration.ofMinutes(1));
    RolloutReport report = RolloutReport.from(Flux.fromIterable(events)).block(TIMEOUT);
    assertThat(asked).containsExactly(1, 2, 3);
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Paused).hasSize(3);
    assertThat(events).filteredOn(e -> e instanceof RolloutEvent.AwaitingApproval).hasSize(3);
    assertThat(report.status()).isEqualTo(RolloutReport.Status.HALTED);
    assertThat(report.haltReason()).isEqualTo("approval for wave 3 was denied");
    assertThat(report.results()).hasSize(5); // canary 1 + two waves of 2
    assertThat(report.notStarted()).hasSize(2);
  }

  @Test
  void theHaltLineCountsTheSameFailuresAsTheReport() {
    List<Target> five = bed.inventory().select("server=s1").subList(0, 5);
    Fleet fleet = Fleet.create(Inventory.of(five), FleetOptions.builder().concurrency(5).build());
    // all five start together and fail after a while: failures arrive after the threshold passed
    RolloutReport report = RolloutReport.from(fleet.rollout(Selector.all(), Rollout.builder("counts").build(),
        c -> c.execute("SELECT pg_sleep(0.5)").then(c.update("SELECT 1/0")))).block(Duration.ofMinutes(1));
    assertThat(report.status()).isEqualTo(RolloutReport.Status.HALTED);
    int failed = report.report().count(Outcome.FAILED);
    assertThat(failed + report.notStarted().size()).isEqualTo(5);
    assertThat(report.haltReason()).isEqualTo(failed + " of 5 clusters failed (threshold 0)");
  }

  @Test
  void resumesAreIdempotentAndACancelledRunJournalsItsClustersAsCancelled(@TempDir Path dir) throws Exception {
    List<Target> s1 = bed.inventory().select("server=s1");
    Flux.fromIterable(s1).flatMap(t -> Cluster.connect(t.spec()).flatMap(c -> c.executeScript(
        "DROP TABLE IF EXISTS twice_runs; CREATE TABLE twice_runs (i int)").then(c.close())), 8)
        .blockLast(Duration.ofMinutes(1));
    Path journal = dir.resolve("twice.journal");
    Rollout rollout = Rollout.builder("twice").waves(Wave.count(25)).maxFailures(Threshold.none()).journal(journal).build();
    // the insert commits on its own, then the operation goes on: cancelled during the sleep, it took effect;
    // it cannot reconcile, so a cluster caught in flight must never be applied blindly again
    FleetOperation<Void> op = FleetOperation.<Void>of(
        c -> c.update("INSERT INTO twice_runs VALUES (1)").then(c.execute("SELECT pg_sleep(1)").then()))
        .describedAs("insert into twice_runs");

    AtomicInteger finished = new AtomicInteger();
    Fleet first = Fleet.create(Inventory.of(s1), FleetOptions.builder().concurrency(5).build());
    first.rollout(Selector.all(), rollout, op)
        .takeUntil(e -> e instanceof RolloutEvent.ClusterFinished && finished.incrementAndGet() == 5)
        .blockLast(Duration.ofMinutes(1));
    RolloutJournal.State cancelled = RolloutJournal.read(journal);
    assertThat(cancelled.done()).hasSize(5);
    assertThat(cancelled.interrupted()).isNotEmpty();
    List<String> lines = RolloutJournal.lines(journal);
    for (String c : cancelled.interrupted()) {
      // recorded as cancelled, not as a failure (nor as a broken connection)
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"type\":\"cancelled\"", "\"cluster\":\"" + c + "\""));
      assertThat(lines).noneSatisfy(l -> assertThat(l).contains("\"type\":\"finished\"", "\"cluster\":\"" + c + "\""));
    }

    for (int resume = 1; resume <= 3; resume++) {
      Fleet fleet = Fleet.create(Inventory.of(s1), FleetOptions.builder().concurrency(10).build());
      RolloutReport report = RolloutReport.from(fleet.rollout(Selector.all(), rollout, op)).block(Duration.ofMinutes(2));
      assertThat(report.alreadyDone().size() + report.results().size()).as("resume %d", resume).isEqualTo(25);
      if (resume > 1) {
        assertThat(report.alreadyDone()).as("resume %d", resume).hasSize(25 - cancelled.interrupted().size());
      }
      assertThat(report.results()).as("resume %d", resume).allSatisfy(r -> {
        if (cancelled.interrupted().contains(r.name())) {
          assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
          assertThat(r.error()).isInstanceOf(Failures.EffectUnknownException.class);
        } else {
          assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        }
      });
      assertThat(report.results()).extracting(ClusterResult::name).as("resume %d", resume)
          .containsAll(cancelled.interrupted());
      assertThat(RolloutJournal.read(journal).interrupted()).as("resume %d", resume)
          .containsExactlyInAnyOrderElementsOf(cancelled.interrupted());
    }
    // nothing ran twice, however often the rollout resumed
    Map<String, Boolean> once = probe(s1, "SELECT count(*) <= 1 FROM twice_runs");
    assertThat(once).hasSize(25).doesNotContainValue(false);
    Map<String, Boolean> ran = probe(s1, "SELECT count(*) = 1 FROM twice_runs");
    s1.stream().map(Target::name).filter(n -> !cancelled.interrupted().contains(n))
        .forEach(n -> assertThat(ran.get(n)).as(n).isTrue());
    bed.everywhere("DROP TABLE IF EXISTS twice_runs");
  }
}
