package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.ConnectionLostException;
import io.pgmob.fleet.internal.Retries;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.InventoryException;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Edges of the rollout and engine logic: thresholds at their boundary, single waves, globs, duplicates, retries. */
class FleetEdgesUnitTests {

  private static List<Target> targets(int n) {
    return IntStream.range(0, n).mapToObj(i -> Target.builder("t" + i).host("h").user("u").build()).toList();
  }

  @Test
  void aZeroPercentThresholdHaltsAtTheFirstFailureAndAPercentageHoldsAtItsExactBoundary() {
    assertThat(Threshold.percent(0).exceeded(0, 10)).isFalse();
    assertThat(Threshold.percent(0).exceeded(1, 10)).isTrue();
    assertThat(Threshold.percent(0).exceeded(1, 1000)).isTrue();
    assertThat(Threshold.percent(0).exceeded(0, 0)).isFalse();
    // exactly the percentage is not more than it
    assertThat(Threshold.percent(25).exceeded(1, 4)).isFalse();
    assertThat(Threshold.percent(25).exceeded(2, 4)).isTrue();
    assertThat(Threshold.percent(100).exceeded(10, 10)).isFalse();
    assertThat(Threshold.count(0).exceeded(0, 10)).isFalse();
    assertThat(Threshold.parse("0%").exceeded(1, 3)).isTrue();
    assertThatThrownBy(() -> Threshold.percent(100.5)).hasMessageContaining("[0, 100]");
    assertThatThrownBy(() -> Threshold.percent(-0.1)).hasMessageContaining("[0, 100]");
    assertThatThrownBy(() -> Threshold.percent(Double.NaN)).hasMessageContaining("[0, 100]");
  }

  @Test
  void aWaveOfOneTakesOneClusterAtATimeAndAHundredPercentTakesThemAll() {
    assertThat(Rollout.builder("r").waves(Wave.count(1)).build().plan(targets(3))).extracting(List::size)
        .containsExactly(1, 1, 1);
    assertThat(Rollout.builder("r").waves(Wave.percent(100)).build().plan(targets(7))).extracting(List::size)
        .containsExactly(7);
    assertThat(Rollout.builder("r").canary(2).waves(Wave.percent(100)).build().plan(targets(7))).extracting(List::size)
        .containsExactly(2, 5);
    assertThat(Wave.percent(100).size(0)).isEqualTo(1);
    assertThat(Wave.count(1).size(1000)).isEqualTo(1);
    assertThat(Rollout.builder("r").waves(Wave.count(1)).build().plan(List.of())).isEmpty();
    assertThatThrownBy(() -> Wave.percent(0)).hasMessageContaining("(0, 100]");
    assertThatThrownBy(() -> Wave.percent(100.01)).hasMessageContaining("(0, 100]");
  }

  @Test
  void aNameGlobMatchesTheWholeNameNotAPrefixOrALongerName() {
    Inventory inv = Inventory.of(Target.builder("db1").host("h").user("u").build(),
        Target.builder("db10").host("h").user("u").build(), Target.builder("xdb1").host("h").user("u").build(),
        Target.builder("db1.old").host("h").user("u").build());
    assertThat(inv.select(Selector.parse("name=db1"))).extracting(Target::name).containsExactly("db1");
    assertThat(inv.select(Selector.parse("name=db*"))).extracting(Target::name).containsExactly("db1", "db10", "db1.old");
    assertThat(inv.select(Selector.parse("name=*db1"))).extracting(Target::name).containsExactly("db1", "xdb1");
    assertThat(inv.select(Selector.parse("name=db1.*"))).extracting(Target::name).containsExactly("db1.old");
    assertThat(inv.select(Selector.parse("name=db?"))).isEmpty(); // '?' is not a wildcard
  }

  @Test
  void numbersInWavesThresholdsDurationsAndInventoriesAreAsciiDigitsOnly() {
    // U+0661 U+0660: "10" in Arabic-Indic digits, which Integer.parseInt reads as 10
    String arabicTen = "\u0661\u0660";
    for (String bad : List.of(arabicTen, arabicTen + "%", "+5", "1e1%", "10d%", "NaN%", "Infinity%", "0x10")) {
      assertThatThrownBy(() -> Wave.parse(bad)).as(bad).isInstanceOf(io.pgmob.error.InvalidInputException.class)
          .hasMessageContaining("digits 0-9").hasMessageContaining(bad);
      assertThatThrownBy(() -> Threshold.parse(bad)).as(bad).isInstanceOf(io.pgmob.error.InvalidInputException.class)
          .hasMessageContaining("digits 0-9");
    }
    assertThat(Wave.parse("10")).hasToString(Wave.count(10).toString());
    assertThat(Wave.parse("12.5%")).hasToString(Wave.percent(12.5).toString());
    assertThat(Threshold.parse("3")).hasToString(Threshold.count(3).toString());
    // range errors keep their own message
    assertThatThrownBy(() -> Wave.parse("0")).hasMessageContaining("at least 1 cluster");

    InventoryException port = (InventoryException) org.assertj.core.api.Assertions.catchThrowable(() -> Inventory.parse("""
        targets:
          - name: a
            host: h1
            port: "\u0665\u0664\u0663\u0662"
            user: u
        """, "fleet.yaml"));
    assertThat(port).isNotNull();
    assertThat(port.getMessage()).startsWith("fleet.yaml:4:").contains("port").contains("digits 0-9");
  }

  @Test
  void duplicateKeysInAnInventoryAreRefusedWithFileLineAndColumn() {
    InventoryException yaml = (InventoryException) org.assertj.core.api.Assertions.catchThrowable(() -> Inventory.parse("""
        targets:
          - name: a
            host: h1
            user: u
            host: h2
        """, "fleet.yaml"));
    assertThat(yaml).isNotNull();
    assertThat(yaml.line()).isEqualTo(5);
    assertThat(yaml.column()).isEqualTo(5);
    assertThat(yaml.getMessage()).startsWith("fleet.yaml:5:5: targets[0].host: duplicate field");

    InventoryException json = (InventoryException) org.assertj.core.api.Assertions.catchThrowable(() -> Inventory.parse(
        "{\"targets\": [{\"name\": \"a\", \"host\": \"h\",\n \"user\": \"u\", \"name\": \"b\"}]}", "fleet.json"));
    assertThat(json).isNotNull();
    assertThat(json.line()).isEqualTo(2);
    assertThat(json.getMessage()).startsWith("fleet.json:2:").contains("targets[0].name: duplicate field");

    InventoryException top = (InventoryException) org.assertj.core.api.Assertions.catchThrowable(() -> Inventory.parse(
        "targets: []\ntargets: []\n", "dup.yaml"));
    assertThat(top.getMessage()).startsWith("dup.yaml:2:1: targets: duplicate field");
  }

  private static List<Duration> delays(RetryPolicy rp) {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    List<Long> at = new ArrayList<>();
    AtomicInteger retried = new AtomicInteger();
    Mono<Object> failing = Mono.defer(() -> {
      at.add(vts.now(java.util.concurrent.TimeUnit.MILLISECONDS));
      return Mono.error(new ConnectionLostException("reset", "c", null, null));
    });
    StepVerifier.withVirtualTime(() -> failing.retryWhen(Retries.of(rp, vts, retried::incrementAndGet)), () -> vts, 1)
        .thenAwait(Duration.ofHours(1))
        .expectError(ConnectionLostException.class)
        .verify(Duration.ofSeconds(30));
    assertThat(retried.get()).isEqualTo(rp.maxAttempts() - 1);
    List<Duration> out = new ArrayList<>();
    for (int i = 1; i < at.size(); i++) {
      out.add(Duration.ofMillis(at.get(i) - at.get(i - 1)));
    }
    return out;
  }

  @Test
  void retryPolicyWithOneAttemptNeverRetriesAndBackoffStaysWithinJitterAndCap() {
    assertThat(delays(RetryPolicy.none())).isEmpty();
    assertThat(delays(RetryPolicy.backoff(1, Duration.ofMillis(100)))).isEmpty();
    assertThat(delays(new RetryPolicy(5, Duration.ZERO, Duration.ZERO, 0))).hasSize(4)
        .allSatisfy(d -> assertThat(d).isZero());
    // no jitter: 100, 200, 400, then the cap of 500
    assertThat(delays(new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500), 0)))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500),
            Duration.ofMillis(500));
    RetryPolicy jittered = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500), 0.5);
    for (int run = 0; run < 50; run++) {
      List<Duration> d = delays(jittered);
      assertThat(d).hasSize(5);
      long[] base = {100, 200, 400, 500, 500};
      for (int i = 0; i < d.size(); i++) {
        long ms = d.get(i).toMillis();
        assertThat(ms).as("retry %d of run %d", i + 1, run)
            .isBetween(Math.max(100, Math.round(base[i] * 0.5)), Math.min(500, Math.round(base[i] * 1.5)));
      }
    }
    assertThatThrownBy(() -> RetryPolicy.none().withMaxAttempts(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> RetryPolicy.none().withJitter(1.5)).hasMessageContaining("between 0 and 1");
  }
}
