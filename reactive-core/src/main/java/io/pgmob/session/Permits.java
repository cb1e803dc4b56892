package io.pgmob.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A non-blocking semaphore: {@link #acquire()} completes with a {@link Permit} when one is free,
 * first come first served. With one permit it is the queue that gives a session's callers the
 * session one at a time; the fleet engine uses it for its global and per-cluster limits.
 *
 * <p>Cancelling a waiting {@code acquire()} removes it from the queue; a permit granted to a
 * subscriber that cancelled at the same moment is released (through Reactor's discard hook).
 * Thread-safe.
 */
public final class Permits {

  private final int limit;
  private int available;
  private int maxInUse;
  private final Deque<MonoSink<Permit>> waiters = new ArrayDeque<>();

  /** A semaphore with {@code permits} permits (at least 1). */
  public Permits(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1, not " + permits);
    }
    this.limit = permits;
    this.available = permits;
  }

  /** A held permit; {@link #release()} gives it back once (further calls do nothing). */
  public final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    /** Gives the permit back: the longest waiter, if any, gets it. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        releaseOne();
      }
    }
  }

  /** {@return A permit when one is free, in arrival order} */
  public Mono<Permit> acquire() {
    return Mono.<Permit>create(sink -> {
      Permit granted = null;
      synchronized (this) {
        if (available > 0) {
          available--;
          maxInUse = Math.max(maxInUse, limit - available);
          granted = new Permit();
        } else {
          waiters.addLast(sink);
        }
      }
      if (granted != null) {
        sink.success(granted);
      } else {
        sink.onCancel(() -> {
          synchronized (this) {
            waiters.remove(sink);
          }
        });
      }
    }).doOnDiscard(Permit.class, Permit::release);
  }

  private void releaseOne() {
    MonoSink<Permit> next;
    synchronized (this) {
      next = waiters.pollFirst();
      if (next == null) {
        available++;
        return;
      }
    }
    next.success(new Permit());
  }

  /** Runs {@code work} holding a permit; releases it on completion, error or cancel. */
  public <T> Flux<T> withPermit(Supplier<? extends Publisher<T>> work) {
    return Flux.usingWhen(acquire(), p -> work.get(),
        p -> Mono.fromRunnable(p::release),
        (p, e) -> Mono.fromRunnable(p::release),
        p -> Mono.fromRunnable(p::release));
  }

  /** Permits in use now. */
  public synchronized int inUse() {
    return limit - available;
  }

  /** {@return the most permits that were in use at once} */
  public synchronized int maxInUse() {
    return maxInUse;
  }
}
