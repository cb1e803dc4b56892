package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.error.ConnectionRefusedException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.fleet.internal.RateLimiter;
import io.pgmob.fleet.internal.Retries;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Rate limits and retry backoff, on virtual time. */
class FleetTimeUnitTests {

  @Test
  void rateLimiterSpacesPermitsAtTheConfiguredRate() {
    StepVerifier.withVirtualTime(() -> {
          RateLimiter limiter = new RateLimiter(5, 1, VirtualTimeScheduler.get());
          return Flux.range(0, 4).flatMap(i -> limiter.acquire());
        })
        .expectSubscription()
        .expectNext(Duration.ZERO)
        .expectNoEvent(Duration.ofMillis(199))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(Duration.ofMillis(200))
        .expectNoEvent(Duration.ofMillis(199))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(Duration.ofMillis(400))
        .expectNoEvent(Duration.ofMillis(199))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(Duration.ofMillis(600))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void rateLimiterAllowsABurstThenTheRateAndRefillsWhenIdle() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    RateLimiter limiter = new RateLimiter(10, 3, vts);
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(200));
    vts.advanceTimeBy(Duration.ofSeconds(1));
    // idle for a second: the burst is available again, but not more than the burst
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aCancelledWaiterKeepsItsSlotSoTheRateIsNeverExceeded() {
    VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    RateLimiter limiter = new RateLimiter(1, 1, vts);
    limiter.acquire().subscribe();
    limiter.acquire().subscribe().dispose(); // reserved the slot at 1 s, then gave up
    assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(2));
  }

  private static Mono<String> failing(AtomicInteger calls, int failures, RuntimeException error) {
    return Mono.defer(() -> calls.incrementAndGet() <= failures ? Mono.error(error) : Mono.just("ok"));
  }

  @Test
  void transientFailuresAreRetriedWithExponentialBackoff() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 0);
    StepVerifier.withVirtualTime(() -> failing(calls, 2, new ConnectionRefusedException("refused", "c1", null))
            .retryWhen(Retries.of(policy, VirtualTimeScheduler.get(), retries::incrementAndGet)))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(2999)) // 1 s, then 2 s
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertThat(calls.get()).isEqualTo(3);
    assertThat(retries.get()).isEqualTo(2);
  }

  @Test
  void backoffIsCappedAndJitteredWithinBounds() {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5);
    StepVerifier.withVirtualTime(() -> failing(calls, 3, new ConnectionRefusedException("refused", "c1", null))
            .retryWhen(Retries.of(policy, VirtualTimeScheduler.get(), () -> { })))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1499)) // at least 3 x 0.5 s
        .thenAwait(Duration.ofMillis(3001)) // at most 3 x 1.5 s
        .expectNext("ok")
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void errorsThatWouldRepeatAreNotRetriedAndExhaustionSignalsTheLastFailure() {
    AtomicInteger calls = new AtomicInteger();
    ServerErrorException syntax = new ServerErrorException("syntax error", "42601", null, null, "c1", "SELEC 1", null);
    StepVerifier.withVirtualTime(() -> failing(calls, 5, syntax)
            .retryWhen(Retries.of(RetryPolicy.DEFAULT, VirtualTimeScheduler.get(), () -> { })))
        .expectSubscription()
        .expectErrorMatches(e -> e == syntax)
        .verify(Duration.ofSeconds(10));
    assertThat(calls.get()).isEqualTo(1);

    AtomicInteger calls2 = new AtomicInteger();
    ConnectionRefusedException refused = new ConnectionRefusedException("refused", "c1", null);
    StepVerifier.withVirtualTime(() -> failing(calls2, 5, refused)
            .retryWhen(Retries.of(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0),
                VirtualTimeScheduler.get(), () -> { })))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorMatches(e -> e == refused)
        .verify(Duration.ofSeconds(10));
    assertThat(calls2.get()).isEqualTo(3);
  }

  @Test
  void transientClassificationFollowsTheSqlState() {
    assertThat(Failures.isTransient(new ServerErrorException("x", "40001", null, null, "c", null, null))).isTrue();
    assertThat(Failures.isTransient(new ServerErrorException("x", "40P01", null, null, "c", null, null))).isTrue();
    assertThat(Failures.isTransient(new ServerErrorException("x", "55P03", null, null, "c", null, null))).isTrue();
    assertThat(Failures.isTransient(new ServerErrorException("x", "53300", null, null, "c", null, null))).isTrue();
    assertThat(Failures.isTransient(new ServerErrorException("x", "57P01", null, null, "c", null, null))).isTrue();
    assertThat(Failures.isTransient(new ServerErrorException("x", "42501", null, null, "c", null, null))).isFalse();
    assertThat(Failures.isTransient(new ServerErrorException("x", "23505", null, null, "c", null, null))).isFalse();
    assertThat(Failures.isTransient(new Failures.OperationTimeoutException("c", Duration.ofSeconds(1)))).isFalse();
    assertThat(Failures.isTransient(new Failures.EffectUnknownException("c", new RuntimeException()))).isFalse();
    assertThat(Failures.isTransient(new IllegalStateException())).isFalse();
  }
}
