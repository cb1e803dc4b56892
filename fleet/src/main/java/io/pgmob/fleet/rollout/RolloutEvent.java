package io.pgmob.fleet.rollout;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.FleetReport;
import java.time.Duration;
import java.util.List;

/**
 * What a rollout reports as it goes, in order: {@link Started}, then per wave {@link WaveStarted},
 * a {@link ClusterFinished} per cluster, {@link WaveFinished}, possibly {@link Paused} or {@link
 * AwaitingApproval} before the next wave, {@link Halted} when it stops early, and last
 * {@link Finished} with the report. Wave 0 is the canary when there is one.
 */
public sealed interface RolloutEvent {

  /** {@return the rollout's name} */
  String rollout();

  /**
   * The rollout began.
   *
   * @param total clusters selected
   * @param waves how many waves (canary included)
   * @param alreadyDone clusters a journal shows finished (they are not run again)
   * @param interrupted clusters a journal shows started but not finished: in flight when the
   *     previous execution died; they are reconciled before anything is applied
   * @param dryRun whether this is a dry run
   */
  record Started(String rollout, int total, int waves, List<String> alreadyDone, List<String> interrupted,
      boolean dryRun) implements RolloutEvent {
    /**
     * Keeps unmodifiable copies of the lists.
     *
     * @param rollout the rollout's name
     * @param total clusters selected
     * @param waves how many waves (canary included)
     * @param alreadyDone clusters a journal shows finished (they are not run again)
     * @param interrupted clusters a journal shows started but not finished: in flight when the previous execution died; they are reconciled before anything is applied
     * @param dryRun whether this is a dry run
     */
    public Started {
      alreadyDone = List.copyOf(alreadyDone);
      interrupted = List.copyOf(interrupted);
    }
  }

  /** A wave began with these clusters (those already done excluded). */
  record WaveStarted(String rollout, int wave, List<String> clusters) implements RolloutEvent {
    /**
     * Keeps an unmodifiable copy of the clusters.
     *
     * @param rollout the rollout's name
     * @param wave the wave's number (0: the canary, when there is one)
     * @param clusters the clusters of the wave, by name
     */
    public WaveStarted {
      clusters = List.copyOf(clusters);
    }
  }

  /** One cluster of a wave finished (and, unless dry run, was journaled). */
  record ClusterFinished(String rollout, int wave, ClusterResult<?> result) implements RolloutEvent {}

  /** A wave ended. */
  record WaveFinished(String rollout, int wave, FleetReport report) implements RolloutEvent {}

  /** The rollout waits before the next wave. */
  record Paused(String rollout, int nextWave, Duration pause) implements RolloutEvent {}

  /** The rollout waits for its approval gate before the next wave. */
  record AwaitingApproval(String rollout, int nextWave) implements RolloutEvent {}

  /** The rollout stopped early (threshold passed or approval denied); no further cluster starts. */
  record Halted(String rollout, String reason) implements RolloutEvent {}

  /** The rollout ended; the last event. */
  record Finished(String rollout, RolloutReport report) implements RolloutEvent {}
}
