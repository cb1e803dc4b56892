package io.pgmob.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits on an event instead of a fixed sleep: polls {@code condition} until it holds, and fails
 * naming {@code what} once {@code max} has passed. Bounds are generous on purpose: a busy 2-core
 * machine must not decide an outcome.
 */
public final class Await {

  private Await() {}

  /** Polls {@code condition} every 20 ms until it holds; fails after {@code max}. */
  public static void until(String what, Duration max, BooleanSupplier condition) {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + ": not within " + max);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
