package io.pgmob.examples.fleet;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.fleet.AppliedChanges;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.sql.Sql;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A fleet-wide DDL change rolled out in waves: add column {@code accounts.last_login} where it is
 * missing. A canary cluster first, then half of the rest, then the rest; the rollout halts once
 * more clusters failed than the threshold allows, before starting another wave.
 */
public final class DdlRollout {

  private DdlRollout() {}

  /** The change on one cluster, as a plan: empty where the column is already there (reported {@code UNCHANGED}). */
  public static final FleetOperation<AppliedChanges> ADD_LAST_LOGIN = FleetOperation.ofPlan((Cluster c) -> c.scalar("""
          SELECT count(*) FROM pg_attribute
          WHERE attrelid = to_regclass('accounts') AND attname = 'last_login' AND NOT attisdropped""", Long.class)
      .map(n -> n > 0 ? Plan.empty() : Plan.of(Change.of("add accounts.last_login",
          Sql.raw("ALTER TABLE accounts ADD COLUMN IF NOT EXISTS last_login timestamptz")))));

  /** Rolls {@link #ADD_LAST_LOGIN} out to the clusters {@code selector} picks; returns the report. */
  // snippet: ddl-rollout
  public static Mono<RolloutReport> run(Fleet fleet, String selector, Threshold maxFailures) {
    Rollout rollout = Rollout.builder("add-accounts-last-login")
        .canary(1)                                   // wave 0: the first cluster alone
        .waves(Wave.percent(50), Wave.rest())        // then half of the fleet, then the rest
        .maxFailures(maxFailures)                    // halt once more clusters failed
        .pauseBetweenWaves(Duration.ofMillis(100))
        .build();
    return RolloutReport.from(fleet.rollout(selector, rollout, ADD_LAST_LOGIN));
  }
  // end snippet

  /** Starts 5 clusters, creates {@code accounts} on all, shows the dry run, then rolls the change out twice. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(5)) {
      Fleet fleet = Fleet.create(local.inventory());
      fleet.run("*", FleetOperation.sql("CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY)")).blockLast();
      Rollout dryRun = Rollout.builder("add-accounts-last-login").dryRun(true).build();
      RolloutReport.from(fleet.rollout("*", dryRun, ADD_LAST_LOGIN)).block().results()
          .forEach(r -> System.out.println(r.name() + ": " + r.plan()));
      System.out.print(run(fleet, "*", Threshold.count(0)).block());
      System.out.print("again: " + run(fleet, "*", Threshold.count(0)).block());
    }
  }
}
