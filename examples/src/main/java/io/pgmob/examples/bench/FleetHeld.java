package io.pgmob.examples.bench;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.session.SslMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * pgmob's fleet engine with held sessions ({@link FleetOptions.Builder#holdSessions(boolean)}), the
 * held-session side of the whole-process benchmark: {@code held TARGETS WARMUP_QUERIES ROUNDS}
 * runs {@code SELECT 1} on every target per round ({@code Fleet.run}, every target in flight) until
 * {@code WARMUP_QUERIES} have run, then {@code ROUNDS} measured rounds; prints the {@code RESULT}
 * line and holds the sessions until standard input closes. Same protocol as {@link VertxRotation}'s
 * {@code held} mode.
 */
public final class FleetHeld {

  private FleetHeld() {}

  /**
   * Runs the held-session rounds (see the class comment).
   *
   * @param args {@code held TARGETS WARMUP_QUERIES ROUNDS}
   * @throws Exception when a target fails
   */
  public static void main(String[] args) throws Exception {
    List<Baseline.Target> lines = Baseline.read(Path.of(args[1]));
    long warmupQueries = Long.parseLong(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Baseline.Target t = lines.get(i);
      targets.add(Target.builder(String.format("t%04d", i)).host(t.host()).port(t.port()).database(t.database())
          .user(t.user()).credentials(Credentials.env(Baseline.ADMIN_PASSWORD_ENV)).sslMode(SslMode.DISABLE)
          // the Vert.x client's default: 1,000 connects at once on a busy machine take more than 10 s
          .connectTimeout(Duration.ofSeconds(60)).build());
    }
    int n = targets.size();
    Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder()
        .concurrency(n).perClusterConnections(n).holdSessions(true).timeout(Duration.ofMinutes(2)).build());
    try {
      long warm = 0;
      while (warm < warmupQueries) {
        round(fleet, targets);
        warm += n;
      }
      List<Long> times = new ArrayList<>();
      long cpu0 = Baseline.processCpuNanos();
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        round(fleet, targets);
        times.add(System.nanoTime() - t0);
      }
      long cpu = Baseline.processCpuNanos() - cpu0;
      Baseline.reportHeldAndWait(times, cpu, (long) rounds * n);
    } finally {
      fleet.close().block(Duration.ofMinutes(1));
    }
  }

  private static void round(Fleet fleet, List<Target> targets) {
    List<ClusterResult<Integer>> results = fleet.run(targets, c -> c.scalar("SELECT 1", Integer.class))
        .collectList().block(Duration.ofMinutes(5));
    for (ClusterResult<Integer> r : results) {
      if (!r.isSuccess() || !Integer.valueOf(1).equals(r.value())) {
        throw new IllegalStateException(r.name() + ": " + r.message());
      }
    }
  }
}
