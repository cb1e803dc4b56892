package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgmob.fleet.internal.FleetMetrics;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Micrometer meters and progress listeners during real runs. */
class FleetMetricsIntegrationTests {

  private static FleetTestbed bed;

  @BeforeAll
  static void startServers() {
    bed = FleetTestbed.get();
  }

  @Test
  void metersCountOperationsByOutcomeInFlightSessionsAndRateLimitWaits() {
    List<Target> five = bed.targets.subList(10, 15);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(out, true, StandardCharsets.UTF_8), false,
        System::nanoTime);
    Fleet fleet = Fleet.create(Inventory.of(five), FleetOptions.builder().perClusterRate(2)
        .meterRegistry(registry).listener(progress).build());
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger maxConnections = new AtomicInteger();
    FleetOperation<Integer> op = c -> Mono.fromRunnable(() -> {
          maxInFlight.accumulateAndGet((int) registry.get(FleetMetrics.IN_FLIGHT).gauge().value(), Math::max);
          maxConnections.accumulateAndGet((int) registry.get(FleetMetrics.CONNECTIONS).gauge().value(), Math::max);
        })
        .then(c.scalar("SELECT 1 / (CASE WHEN current_database() = 'fleet_10' THEN 0 ELSE 1 END)", Integer.class));
    Flux.range(0, 2).flatMap(i -> fleet.run(Selector.all(), op)).blockLast(Duration.ofMinutes(1));

    assertThat(registry.get(FleetMetrics.OPERATIONS).tag("outcome", "succeeded").timer().count()).isEqualTo(8);
    assertThat(registry.get(FleetMetrics.OPERATIONS).tag("outcome", "failed").timer().count()).isEqualTo(2);
    // the second run's operation on each cluster waited for its rate token
    assertThat(registry.get(FleetMetrics.RATE_LIMIT_WAITS).timer().count()).isGreaterThanOrEqualTo(5);
    assertThat(registry.get(FleetMetrics.RATE_LIMIT_WAITS).timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isLessThanOrEqualTo(510);
    assertThat(registry.get(FleetMetrics.RETRIES).counter().count()).isZero();
    assertThat(maxInFlight.get()).isBetween(1, 10);
    assertThat(maxConnections.get()).isBetween(1, 10);
    assertThat(registry.get(FleetMetrics.IN_FLIGHT).gauge().value()).isZero();
    assertThat(registry.get(FleetMetrics.CONNECTIONS).gauge().value()).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines().reduce((a, b) -> b).orElse("")).contains("10/10").contains("ok 8").contains("failed 2");
  }
}
