package io.pgmob.examples.fleet;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.examples.WaveLog;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutListener;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import io.pgmob.managed.EnsureResult;
import io.pgmob.password.Password;
import io.pgmob.role.Role;
import io.pgmob.role.RoleSpec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Bulk role rotation: gives a role a new password on every cluster of a fleet, in waves, and
 * proves each new password by logging in with it. Safe to run again: a cluster whose role already
 * has its new password reports {@code UNCHANGED}.
 */
public final class RoleRotation {

  private RoleRotation() {}

  /**
   * The rotation of {@code role} on one cluster: ensure the role logs in with {@code passwordFor}'s
   * password for the cluster's name (same name, same password: it is asked again on a retry), then
   * log in with it. Its dry-run plan is the {@code ALTER ROLE} (password redacted).
   */
  // snippet: rotate-operation
  public static FleetOperation<EnsureResult<Role>> rotate(String role, Function<String, String> passwordFor) {
    Function<Cluster, RoleSpec> spec = c -> RoleSpec.named(role).login(true)
        .password(Password.plain(passwordFor.apply(c.name())));
    return FleetOperation.idempotent((Cluster c) -> c.roles().ensure(spec.apply(c))
            .flatMap(result -> Cluster.connect(c.spec().withUser(role, passwordFor.apply(c.name())))
                .flatMap(Cluster::close)   // the new password works
                .thenReturn(result)))   // reported UNCHANGED when ensure changed nothing
        .withPlan(c -> c.roles().ensurePlan(spec.apply(c)))
        .describedAs("rotate the password of " + role);
  }
  // end snippet

  /**
   * The rollout: one canary cluster, then 25% of the fleet, then the rest, a second apart; the
   * first failure halts it.
   */
  // snippet: rotate-rollout
  public static Rollout rollout(String role, RolloutListener listener) {
    return Rollout.builder("rotate-" + role)
        .canary(1)
        .waves(Wave.percent(25), Wave.rest())
        .maxFailures(Threshold.count(0))
        .pauseBetweenWaves(Duration.ofSeconds(1))   // time for alerts to fire; minutes in production
        .listener(listener)
        .build();
  }
  // end snippet

  /** Rotates {@code role}'s password on the clusters {@code selector} picks and returns the rollout's report. */
  public static Mono<RolloutReport> run(Fleet fleet, String selector, String role,
      Function<String, String> passwordFor, RolloutListener listener) {
    return RolloutReport.from(fleet.rollout(selector, rollout(role, listener), rotate(role, passwordFor)));
  }

  /** A new random password (24 URL-safe characters). */
  public static String newPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Starts 4 clusters and rotates the password of role {@code app} on all of them. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(4)) {
      Fleet fleet = Fleet.create(local.inventory());
      // the new passwords; a real rotation would write them to a secret store
      Map<String, String> passwords = new ConcurrentHashMap<>();
      RolloutReport report = run(fleet, "env=demo", "app", name -> passwords.computeIfAbsent(name, n -> newPassword()),
          new WaveLog(System.out)).block();
      System.out.print(report);
    }
  }
}
