package io.pgmob.fleet.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A token bucket in the GCRA form (one "theoretical arrival time" per bucket, no refill thread),
 * on a Reactor {@link Scheduler}'s clock so that it runs under virtual time in tests. Written
 * here rather than taken from bucket4j or resilience4j: those block a thread or use their own
 * clock, while this needs a non-blocking {@code Mono} wait on the engine's scheduler, and it is
 * twenty lines.
 *
 * <p>{@link #acquire()} reserves the next slot when subscribed and completes when it comes, with
 * the time waited. A waiter that is cancelled keeps its reservation (the slot is lost, never
 * double-booked), so the rate is never exceeded.
 */
public final class RateLimiter {

  private final long intervalNanos;
  private final long toleranceNanos;
  private final Scheduler scheduler;
  private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param perSecond permits per second, > 0
   * @param burst how many permits may be taken back to back, >= 1
   */
  public RateLimiter(double perSecond, int burst, Scheduler scheduler) {
    this.intervalNanos = Math.max(1L, (long) (1_000_000_000L / perSecond));
    this.toleranceNanos = (burst - 1) * intervalNanos;
    this.scheduler = scheduler;
  }

  /** How long the caller must wait for a permit taken now, reserving it. */
  public Duration reserve() {
    long now = scheduler.now(TimeUnit.NANOSECONDS);
    while (true) {
      long tat = theoreticalArrival.get();
      long base = tat == Long.MIN_VALUE ? now : Math.max(tat, now);
      long next = base + intervalNanos;
      long wait = Math.max(0L, base - toleranceNanos - now);
      if (theoreticalArrival.compareAndSet(tat, next)) {
        return Duration.ofNanos(wait);
      }
    }
  }

  /** Completes with the time waited once a permit is available. */
  public Mono<Duration> acquire() {
    return Mono.defer(() -> {
      Duration wait = reserve();
      return wait.isZero() ? Mono.just(wait) : Mono.delay(wait, scheduler).thenReturn(wait);
    });
  }
}
