package io.pgmob.fleet.internal;

import io.pgmob.fleet.Failures;
import io.pgmob.fleet.RetryPolicy;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/** Turns a {@link RetryPolicy} into a Reactor {@link Retry} that repeats transient failures only. */
public final class Retries {

  private Retries() {}

  /**
   * Exponential backoff with jitter on {@code scheduler}, filtered by {@link Failures#isTransient};
   * when attempts run out the last failure itself is signalled. {@code onRetry} runs before each
   * retry.
   */
  public static Retry of(RetryPolicy rp, Scheduler scheduler, Runnable onRetry) {
    return of(rp, scheduler, onRetry, failure -> { });
  }

  /**
   * {@link #of(RetryPolicy, Scheduler, Runnable)}, and {@code beforeRetry} receives the failure that
   * is being retried (for logging the reason).
   */
  public static Retry of(RetryPolicy rp, Scheduler scheduler, Runnable onRetry,
      java.util.function.Consumer<Throwable> beforeRetry) {
    long retries = rp.maxAttempts() - 1L;
    if (rp.minBackoff().isZero()) {
      return Retry.max(retries).filter(Failures::isTransient).doBeforeRetry(x -> {
            beforeRetry.accept(x.failure());
            onRetry.run();
          })
          .onRetryExhaustedThrow((spec, x) -> x.failure());
    }
    return Retry.backoff(retries, rp.minBackoff()).maxBackoff(rp.maxBackoff()).jitter(rp.jitter())
        .scheduler(scheduler).filter(Failures::isTransient).doBeforeRetry(x -> {
            beforeRetry.accept(x.failure());
            onRetry.run();
          })
        .onRetryExhaustedThrow((spec, x) -> x.failure());
  }
}
