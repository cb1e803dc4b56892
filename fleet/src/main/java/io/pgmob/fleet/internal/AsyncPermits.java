package io.pgmob.fleet.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A non-blocking semaphore: {@link #acquire()} completes with a {@link Permit} when one is free,
 * first come first served. Cancelling a waiting acquire removes it; a permit granted to a
 * subscriber that cancelled at the same moment is released (via Reactor's discard hook).
 */
public final class AsyncPermits {

  private final int limit;
  private int available;
  private int maxInUse;
  private final Deque<MonoSink<Permit>> waiters = new ArrayDeque<>();

  public AsyncPermits(int permits) {
    this.limit = permits;
    this.available = permits;
  }

  /** A held permit; {@link #release()} is idempotent. */
  public final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    public void release() {
      if (released.compareAndSet(false, true)) {
        releaseOne();
      }
    }
  }

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

  /** Permits in use now. */
  public synchronized int inUse() {
    return limit - available;
  }

  /** The most permits that were in use at once. */
  public synchronized int maxInUse() {
    return maxInUse;
  }
}
