package io.pgmob.fleet.rollout;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.FleetReport;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The result of one execution of a rollout.
 *
 * @param rollout the rollout's name
 * @param status completed or halted
 * @param haltReason why it halted, or null
 * @param dryRun whether it was a dry run (then every result carries its plan)
 * @param results the clusters run in this execution, in completion order
 * @param report the summary of {@code results}
 * @param alreadyDone clusters skipped because the journal showed them finished
 * @param interrupted clusters the journal showed in flight when a previous execution died
 * @param notStarted clusters that did not start because the rollout halted
 */
public record RolloutReport(String rollout, Status status, @Nullable String haltReason, boolean dryRun,
    List<ClusterResult<?>> results, FleetReport report, List<String> alreadyDone, List<String> interrupted,
    List<String> notStarted) {

  /** How the execution ended. */
  public enum Status {
    /** Every wave ran. */
    COMPLETED,
    /** A threshold passed or the approval gate said no. */
    HALTED
  }

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param rollout the rollout's name
   * @param status completed or halted
   * @param haltReason why it halted, or null
   * @param dryRun whether it was a dry run (then every result carries its plan)
   * @param results the clusters run in this execution, in completion order
   * @param report the summary of {@code results}
   * @param alreadyDone clusters skipped because the journal showed them finished
   * @param interrupted clusters the journal showed in flight when a previous execution died
   * @param notStarted clusters that did not start because the rollout halted
   */
  public RolloutReport {
    results = List.copyOf(results);
    alreadyDone = List.copyOf(alreadyDone);
    interrupted = List.copyOf(interrupted);
    notStarted = List.copyOf(notStarted);
  }

  /** The report of a rollout's event stream (its last event). */
  public static Mono<RolloutReport> from(Publisher<RolloutEvent> events) {
    return Flux.from(events).ofType(RolloutEvent.Finished.class).last().map(RolloutEvent.Finished::report);
  }

  @Override
  public String toString() {
    return "rollout " + rollout + (dryRun ? " (dry run)" : "") + ": " + status
        + (haltReason != null ? " (" + haltReason + ")" : "") + "\n" + report
        + (alreadyDone.isEmpty() ? "" : "already done before: " + alreadyDone.size() + "\n")
        + (interrupted.isEmpty() ? "" : "in flight when the previous run died: " + interrupted + "\n")
        + (notStarted.isEmpty() ? "" : "not started: " + notStarted.size() + "\n");
  }
}
