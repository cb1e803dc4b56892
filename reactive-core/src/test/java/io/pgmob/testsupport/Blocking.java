package io.pgmob.testsupport;

import java.time.Duration;

/**
 * The one bound of every blocking call in tests: {@code mono.block(TIMEOUT)},
 * {@code flux.blockLast(TIMEOUT)}. A hung statement then fails its test with the call that hung,
 * instead of stalling until the run's limit. Generous on purpose (a busy 2-core machine must not
 * decide an outcome) and below JUnit's default test timeout. {@code BoundedBlockingUnitTests}
 * fails the build when an unbounded {@code block()} comes back.
 */
public final class Blocking {

  /** Two minutes. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  private Blocking() {}
}
