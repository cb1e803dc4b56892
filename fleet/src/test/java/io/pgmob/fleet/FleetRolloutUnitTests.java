package io.pgmob.fleet;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutJournal;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wave planning, thresholds, the journal file, reports and the progress bar: pure logic. */
class FleetRolloutUnitTests {

  private static List<Target> targets(int n) {
    return IntStream.range(0, n).mapToObj(i -> Target.builder("t" + i).host("h").user("u").build()).toList();
  }

  private static ClusterResult<Object> result(String name, Outcome o, long ms, String sqlState, String msg) {
    Target t = Target.builder(name).host("h").user("u").build();
    Instant at = Instant.EPOCH;
    return new ClusterResult<>(t, o, null,
        msg == null ? null : new ServerErrorException(msg, sqlState, null, null, name, null, null),
        sqlState, 1, new Timings(at, at, Duration.ZERO, Duration.ofMillis(ms)), null);
  }

  @Test
  void wavesAreCanaryThenSizesWithTheLastRepeated() {
    Rollout r = Rollout.builder("r").canary(2).waves(Wave.percent(10), Wave.count(30)).build();
    assertThat(r.plan(targets(100))).extracting(List::size).containsExactly(2, 10, 30, 30, 28);
    assertThat(Rollout.builder("r").build().plan(targets(7))).extracting(List::size).containsExactly(7);
    assertThat(Rollout.builder("r").canary(10).build().plan(targets(3))).extracting(List::size).containsExactly(3);
    assertThat(Rollout.builder("r").waves(Wave.percent(0.5)).build().plan(targets(5))).extracting(List::size)
        .containsExactly(1, 1, 1, 1, 1);
    assertThat(Rollout.builder("r").canary(1).waves(Wave.count(2), Wave.rest()).build().plan(targets(10)))
        .extracting(List::size).containsExactly(1, 2, 7);
    List<List<Target>> waves = r.plan(targets(100));
    assertThat(waves.get(0)).extracting(Target::name).containsExactly("t0", "t1");
    assertThat(waves.get(1).get(0).name()).isEqualTo("t2");
    assertThat(Wave.parse("25%").size(10)).isEqualTo(3);
    assertThat(Wave.parse("rest").toString()).isEqualTo("rest");
    assertThatThrownBy(() -> Wave.parse("x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Wave.count(0)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void thresholdsCompareCountsAndPercentages() {
    assertThat(Threshold.count(0).exceeded(1, 10)).isTrue();
    assertThat(Threshold.count(2).exceeded(2, 10)).isFalse();
    assertThat(Threshold.count(2).exceeded(3, 10)).isTrue();
    assertThat(Threshold.percent(20).exceeded(2, 10)).isFalse();
    assertThat(Threshold.percent(20).exceeded(3, 10)).isTrue();
    assertThat(Threshold.none().exceeded(1_000_000, 10)).isFalse();
    assertThat(Threshold.parse("10%").exceeded(2, 10)).isTrue();
    assertThatThrownBy(() -> Threshold.parse("-1")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void journalRecordsRoundTripAndATornTailIsIgnoredAndCut(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("j.journal");
    try (RolloutJournal j = RolloutJournal.open(p, "r1", OperationIdentity.of("op"), false)) {
      j.execution("op", 3, false).block(TIMEOUT);
      j.started("a", 0).block(TIMEOUT);
      j.finished(result("a", Outcome.SUCCEEDED, 5, null, null), 0).block(TIMEOUT);
      j.started("b", 1).block(TIMEOUT);
      j.finished(result("b", Outcome.FAILED, 5, "42501", "permission denied"), 1).block(TIMEOUT);
      j.started("c", 1).block(TIMEOUT);
      j.started("d", 1).block(TIMEOUT);
      j.finished(result("d", Outcome.UNCHANGED, 5, null, null), 1).block(TIMEOUT);
    }
    RolloutJournal.State s = RolloutJournal.read(p);
    assertThat(s.rollout()).isEqualTo("r1");
    assertThat(s.done()).containsExactlyInAnyOrder("a", "d");
    assertThat(s.interrupted()).containsExactly("c");
    assertThat(s.lastOutcome()).containsEntry("b", Outcome.FAILED);
    assertThat(s.executions()).isEqualTo(1);
    assertThat(s.tornTail()).isFalse();
    assertThat(Files.readAllLines(p).get(5)).contains("\"sqlState\":\"42501\"").contains("permission denied");

    // the process died while writing d's outcome
    String text = Files.readString(p);
    Files.writeString(p, text.substring(0, text.length() - 15));
    RolloutJournal.State torn = RolloutJournal.read(p);
    assertThat(torn.tornTail()).isTrue();
    assertThat(torn.done()).containsExactly("a");
    assertThat(torn.interrupted()).containsExactlyInAnyOrder("c", "d");
    try (RolloutJournal j = RolloutJournal.open(p, "r1", OperationIdentity.of("op"), false)) {
      j.completed().block(TIMEOUT);
    }
    List<String> lines = Files.readAllLines(p);
    assertThat(lines).hasSize(9);
    assertThat(lines.get(8)).contains("\"completed\"");
    assertThat(RolloutJournal.read(p).tornTail()).isFalse();

    assertThatThrownBy(() -> RolloutJournal.open(p, "other", OperationIdentity.of("op"), false)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("belongs to rollout 'r1'");
    Files.writeString(p, "not json\n{\"type\":\"completed\"}\n");
    assertThatThrownBy(() -> RolloutJournal.read(p)).hasMessageContaining("line 1");
  }

  @Test
  void reportCountsGroupsFailuresAndComputesPercentiles() {
    List<ClusterResult<?>> results = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      results.add(result("ok" + i, Outcome.SUCCEEDED, i, null, null));
    }
    results.add(result("f1", Outcome.FAILED, 1, "42501", "permission denied"));
    results.add(result("f2", Outcome.FAILED, 1, "42501", "permission denied"));
    results.add(result("f3", Outcome.FAILED, 1, "40001", "could not serialize"));
    results.add(result("u1", Outcome.UNCHANGED, 1, null, null));
    FleetReport r = FleetReport.of(results);
    assertThat(r.total()).isEqualTo(104);
    assertThat(r.counts()).containsEntry(Outcome.SUCCEEDED, 100).containsEntry(Outcome.FAILED, 3)
        .containsEntry(Outcome.UNCHANGED, 1).containsEntry(Outcome.SKIPPED, 0);
    assertThat(r.failures()).hasSize(2);
    assertThat(r.failures().get(0).sqlState()).isEqualTo("42501");
    assertThat(r.failures().get(0).clusters()).containsExactly("f1", "f2");
    assertThat(r.latency().max()).isEqualTo(Duration.ofMillis(100));
    assertThat(r.latency().p50()).isEqualTo(Duration.ofMillis(48)); // 52nd of 104: five results of 1 ms come first
    assertThat(r.slowest()).hasSize(10).first().extracting(ClusterResult::name).isEqualTo("ok100");
    assertThat(r.isSuccess()).isFalse();
    assertThat(r.toString()).contains("104 clusters: 100 succeeded, 1 unchanged, 3 failed, 0 skipped")
        .contains("failed 2x [42501] permission denied");
    assertThat(FleetReport.of(List.of()).latency().p99()).isZero();
  }

  @Test
  void consoleProgressDrawsABarWithCountsRateAndEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    ConsoleProgress p = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, now::get);
    p.started("env=prod", 10);
    now.addAndGet(1_000_000_000L);
    for (int i = 0; i < 4; i++) {
      p.finished(result("t" + i, i == 3 ? Outcome.FAILED : Outcome.SUCCEEDED, 1, null, null));
    }
    assertThat(p.line()).isEqualTo("[########............]  4/10  ok 3  unchanged 0  failed 1  skipped 0  4.0/s  eta 2s  env=prod");
    p.ended("env=prod");
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).startsWith("\r[....................]  0/10").endsWith("env=prod\n");
    p.onEvent(new RolloutEvent.Halted("r", "too many failures"));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("halted: too many failures");
    assertThat(Map.of()).isEmpty();
  }
}
