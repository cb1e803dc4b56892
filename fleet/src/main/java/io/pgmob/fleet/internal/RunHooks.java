package io.pgmob.fleet.internal;

import io.pgmob.fleet.inventory.Target;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * How a run differs from a plain fan-out (rollouts use these).
 *
 * @param dryRun plan instead of apply
 * @param lockKey when set, a session-level advisory lock taken on every new session; a cluster
 *     whose lock is held elsewhere is skipped
 * @param stop checked before each cluster starts: when true the cluster is skipped ("halted")
 * @param beforeStart runs after the limits let a cluster start and before its first attempt
 *     (the journal's "started" record)
 * @param reconcileFirst clusters whose previous attempt may have taken effect (in flight when a
 *     run died): reconciled before anything is applied
 * @param label names the run for listeners
 * @param mayHold whether the run may use (and keep) the fleet's held sessions when {@link
 *     io.pgmob.fleet.FleetOptions#holdSessions()} is on; false for rollouts, which take a
 *     session-level lock and so open and close their own sessions
 */
public record RunHooks(boolean dryRun, @Nullable Long lockKey, BooleanSupplier stop,
    Function<Target, Mono<Void>> beforeStart, Set<String> reconcileFirst, String label, boolean mayHold) {

  /** Hooks that never use held sessions (rollouts). */
  public RunHooks(boolean dryRun, @Nullable Long lockKey, BooleanSupplier stop,
      Function<Target, Mono<Void>> beforeStart, Set<String> reconcileFirst, String label) {
    this(dryRun, lockKey, stop, beforeStart, reconcileFirst, label, false);
  }

  public static RunHooks plain(String label) {
    return new RunHooks(false, null, () -> false, t -> Mono.empty(), Set.of(), label, true);
  }
}
