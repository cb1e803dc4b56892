package io.pgmob.fleet;

/** How an operation ended on one cluster. */
public enum Outcome {
  /** The operation ran and (for a change) changed something. */
  SUCCEEDED,
  /** The operation failed; {@link ClusterResult#error()} says why. */
  FAILED,
  /**
   * The operation did not run: the run was halted, the cluster was locked by another rollout,
   * or a resumed rollout had already finished it.
   */
  SKIPPED,
  /** The operation ran and found nothing to change (its value is {@link io.pgmob.managed.Changed} and unchanged, or its plan was empty). */
  UNCHANGED;

  /** {@return whether the cluster is done: succeeded or unchanged} */
  public boolean isSuccess() {
    return this == SUCCEEDED || this == UNCHANGED;
  }
}
