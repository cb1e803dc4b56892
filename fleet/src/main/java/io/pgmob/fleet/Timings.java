package io.pgmob.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * When one cluster's operation ran and how long it took.
 *
 * @param queued when the cluster's turn was requested (by the run's demand)
 * @param started when it got a concurrency slot, a connection permit and its first rate token
 * @param waited from queued to started: time spent behind the limits
 * @param elapsed from started to the end, including connecting, every attempt and backoff
 */
public record Timings(Instant queued, Instant started, Duration waited, Duration elapsed) {

  /** Timings of a cluster that never started. */
  public static Timings notStarted(Instant at) {
    return new Timings(at, at, Duration.ZERO, Duration.ZERO);
  }
}
