package io.pgmob.fleet;

import io.pgmob.session.SslMode;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.Wave;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Not a test: the process {@link FleetRolloutIntegrationTests} starts and kills with SIGKILL in
 * the middle of a rollout. Arguments: journal path, then {@code host:port:user} per server;
 * server passwords come from environment variables {@code PGMOB_CRASH_PW_<i>} (by reference, as
 * an inventory would hold them).
 */
public final class FleetCrashChild {

  private FleetCrashChild() {}

  /** The operation both the child and the resuming test run. */
  static FleetOperation<Void> operation() {
    return FleetOperation.<Void>of(c -> c.executeScript("INSERT INTO crash_runs VALUES (1); SELECT pg_sleep(0.2)"))
        .withReconcile(c -> c.scalar("SELECT count(*) FROM crash_runs", Long.class)
            .map(n -> n > 0 ? Reconciliation.<Void>applied(null) : Reconciliation.<Void>notApplied()));
  }

  static Rollout rollout(Path journal) {
    return Rollout.builder("crash").canary(3).waves(Wave.count(40)).journal(journal).build();
  }

  public static void main(String[] args) {
    Path journal = Path.of(args[0]);
    List<Target> targets = new ArrayList<>();
    for (int s = 1; s < args.length; s++) {
      String[] hpu = args[s].split(":");
      for (int d = 0; d < FleetTestbed.DATABASES; d++) {
        targets.add(Target.builder(FleetTestbed.name(s - 1, d)).host(hpu[0]).port(Integer.parseInt(hpu[1]))
            .user(hpu[2]).database(FleetTestbed.db(d)).credentials(Credentials.env("PGMOB_CRASH_PW_" + (s - 1)))
            .sslMode(SslMode.DISABLE).applicationName("pgmob-fleet-test").label("server", "s" + (s - 1)).build());
      }
    }
    Fleet fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(10).build());
    fleet.rollout(Selector.all(), rollout(journal), operation()).then(Mono.never()).block(Duration.ofMinutes(5));
    System.exit(0);
  }
}
