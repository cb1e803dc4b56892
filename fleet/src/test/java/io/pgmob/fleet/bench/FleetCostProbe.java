package io.pgmob.fleet.bench;

import com.sun.management.OperatingSystemMXBean;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.RetryPolicy;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testsupport.TestClusters;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What one held session and one trivial query cost the client through the fleet engine (not a
 * test; run by hand). Opens {@code sessions} sessions to one embedded server through {@link
 * Fleet#run}, holds them, runs {@code queries} {@code SELECT 1} on each, and prints: client CPU per
 * new connection (cold and warm), RSS and heap per held session, client CPU per query.
 *
 * <pre>
 * java -cp $(cat /tmp/fleet-cp.txt):fleet/target/classes:fleet/target/test-classes \
 *     io.pgmob.fleet.bench.FleetCostProbe 200 200
 * </pre>
 */
public final class FleetCostProbe {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    try (PgServer server = PgServers.start(ServerSpec.builder()
        .setting("max_connections", String.valueOf(sessions + 20)).build())) {
      List<Target> targets = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        targets.add(Target.of(String.format("t%04d", i), TestClusters.spec(server), Map.of()));
      }
      Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(sessions)
          .retry(RetryPolicy.none()).build());

      // new connections: connect + one query + close, per target; first cold, then warm
      for (String phase : List.of("cold", "warm", "warm")) {
        long cpu = cpu();
        long t0 = System.nanoTime();
        fleet.run(Selector.all(), c -> c.scalar("SELECT 1", Integer.class)).blockLast(Duration.ofMinutes(5));
        System.out.printf("connect+1 query+close (%s): %.2f ms client CPU per cluster, %.0f ms wall for %d%n",
            phase, (cpu() - cpu) / 1e6 / sessions, (System.nanoTime() - t0) / 1e6, sessions);
      }

      gc();
      long rss0 = rssKb();
      long heap0 = heapUsed();
      CountDownLatch connected = new CountDownLatch(sessions);
      CountDownLatch queried = new CountDownLatch(sessions);
      Sinks.Empty<Void> go = Sinks.empty();
      Sinks.Empty<Void> release = Sinks.empty();
      fleet.run(Selector.all(), c -> Mono.fromRunnable(connected::countDown)
              .then(go.asMono())
              .thenMany(Flux.range(0, queries).concatMap(i -> c.scalar("SELECT 1", Integer.class)))
              .then(Mono.fromRunnable(queried::countDown))
              .then(release.asMono()))
          .subscribe();
      if (!connected.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("sessions did not open");
      }
      Thread.sleep(500);
      gc();
      long rss1 = rssKb();
      long heap1 = heapUsed();
      System.out.printf("held sessions: %d, RSS %.0f KB per session, heap %.1f KB per session%n", sessions,
          (rss1 - rss0) / (double) sessions, (heap1 - heap0) / 1024.0 / sessions);

      long cpu = cpu();
      long t0 = System.nanoTime();
      go.tryEmitEmpty();
      if (!queried.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("queries did not finish");
      }
      long n = (long) sessions * queries;
      System.out.printf("SELECT 1 on held sessions: %.1f us client CPU per query (%d queries, %.0f q/s wall)%n",
          (cpu() - cpu) / 1e3 / n, n, n / ((System.nanoTime() - t0) / 1e9));
      release.tryEmitEmpty();
      Thread.sleep(500);
    }
    System.exit(0);
  }

  private static long cpu() {
    return OS.getProcessCpuTime();
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
