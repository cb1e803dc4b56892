package io.pgmob.fleet;

import io.pgmob.error.InvalidInputException;
import java.time.Duration;

/**
 * How a fleet run retries transient failures on one cluster: exponential backoff with jitter.
 * Immutable; every {@code with...} returns a copy, so a policy can be kept as a template.
 * Which failures are transient is decided in one place ({@link Failures#isTransient}): connection
 * failures, serialization failures, deadlocks, lock timeouts, too many connections, server
 * shutting down or starting. Anything else (syntax, privileges, missing objects, authentication)
 * is never retried.
 *
 * <pre>{@code
 * RetryPolicy.backoff(4, Duration.ofMillis(200)).withMaxBackoff(Duration.ofSeconds(5)).withJitter(0.5)
 * }</pre>
 *
 * @param maxAttempts attempts in total, at least 1 (1 = no retry)
 * @param minBackoff the delay before the first retry; doubled for each further one
 * @param maxBackoff the longest delay
 * @param jitter the random part of each delay, 0..1 (0.5 = plus or minus 50 %)
 */
public record RetryPolicy(int maxAttempts, Duration minBackoff, Duration maxBackoff, double jitter) {

  /** The default: 3 attempts, 200 ms doubling up to 10 s, jitter 0.5. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10), 0.5);

  /**
   * Checks the bounds.
   *
   * @param maxAttempts attempts in total, at least 1 (1 = no retry)
   * @param minBackoff the delay before the first retry; doubled for each further one
   * @param maxBackoff the longest delay
   * @param jitter the random part of each delay, 0..1 (0.5 = plus or minus 50 %)
   * @throws io.pgmob.error.InvalidInputException for fewer than one attempt, a negative backoff, a
   *     maximum below the minimum or a jitter outside 0..1
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidInputException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new InvalidInputException("backoff must satisfy 0 <= min <= max, got " + minBackoff + ".." + maxBackoff);
    }
    if (jitter < 0 || jitter > 1) {
      throw new InvalidInputException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  /**
   * No retry: one attempt.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);
  }

  /**
   * {@code maxAttempts} attempts, first delay {@code minBackoff}, max 10 s, jitter 0.5.
   *
   * @param maxAttempts attempts in total, at least 1
   * @param minBackoff the delay before the first retry; doubled for each further one
   * @return the policy
   */
  public static RetryPolicy backoff(int maxAttempts, Duration minBackoff) {
    return new RetryPolicy(maxAttempts, minBackoff, minBackoff.compareTo(Duration.ofSeconds(10)) > 0
        ? minBackoff : Duration.ofSeconds(10), 0.5);
  }

  /**
   * A copy with {@code n} attempts in total.
   *
   * @param n attempts in total, at least 1
   * @return the copy
   */
  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, minBackoff, maxBackoff, jitter);
  }

  /**
   * A copy with first delay {@code d} (the maximum is raised to it if lower).
   *
   * @param d the delay before the first retry
   * @return the copy
   */
  public RetryPolicy withMinBackoff(Duration d) {
    return new RetryPolicy(maxAttempts, d, maxBackoff.compareTo(d) < 0 ? d : maxBackoff, jitter);
  }

  /**
   * A copy with the longest delay {@code d}.
   *
   * @param d the longest delay, at least the first
   * @return the copy
   */
  public RetryPolicy withMaxBackoff(Duration d) {
    return new RetryPolicy(maxAttempts, minBackoff, d, jitter);
  }

  /**
   * A copy with jitter {@code j} (0..1).
   *
   * @param j the random part of each delay, 0..1
   * @return the copy
   */
  public RetryPolicy withJitter(double j) {
    return new RetryPolicy(maxAttempts, minBackoff, maxBackoff, j);
  }
}
