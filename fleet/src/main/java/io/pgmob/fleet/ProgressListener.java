package io.pgmob.fleet;

/**
 * Follows a fleet run: called once at the start with the number of selected clusters and once
 * per finished cluster. Calls come from engine threads, possibly concurrently; implementations
 * must be thread-safe and quick (no blocking). {@link ConsoleProgress} draws a progress bar.
 */
public interface ProgressListener {

  /** A run over {@code total} clusters started; {@code label} names it (selector or rollout). */
  default void started(String label, int total) {}

  /** One cluster finished. */
  default void finished(ClusterResult<?> result) {}

  /** The run ended (completed, failed or was cancelled). */
  default void ended(String label) {}

  /** {@return A listener that does nothing} */
  static ProgressListener none() {
    return new ProgressListener() {};
  }
}
