package io.pgmob.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A non-blocking mutex: work runs one at a time, in arrival order. Used to give a transaction
 * exclusive use of a session. A waiter that is cancelled leaves the queue; a holder that is
 * cancelled releases.
 */
final class SerialLock {

  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  private boolean held;

  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;
    final MonoSink<Permit> sink;
    final AtomicInteger state = new AtomicInteger(WAITING);
    final Permit permit;

    Waiter(MonoSink<Permit> sink, SerialLock lock) {
      this.sink = sink;
      this.permit = new Permit(lock);
    }
  }

  /** Proof of holding the lock; release it once (further releases do nothing). */
  static final class Permit {
    private final SerialLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(SerialLock lock) {
      this.lock = lock;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        lock.releaseOne();
      }
    }
  }

  Mono<Permit> acquire() {
    return Mono.create(sink -> {
      Waiter w = new Waiter(sink, this);
      boolean grantNow;
      synchronized (this) {
        if (!held) {
          held = true;
          grantNow = true;
        } else {
          queue.add(w);
          grantNow = false;
        }
      }
      sink.onCancel(() -> {
        if (w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
          synchronized (this) {
            queue.remove(w);
          }
        } else if (w.state.get() == Waiter.GRANTED) {
          w.permit.release();
        }
      });
      if (grantNow) {
        grant(w);
      }
    });
  }

  private void grant(Waiter w) {
    if (w.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
      w.sink.success(w.permit);
    } else {
      releaseOne();
    }
  }

  private void releaseOne() {
    Waiter next;
    synchronized (this) {
      next = queue.poll();
      if (next == null) {
        held = false;
        return;
      }
    }
    grant(next);
  }

  /** Runs {@code work} while holding the lock; releases on completion, error or cancel. */
  <T> Flux<T> withLock(Supplier<? extends Publisher<T>> work) {
    return Flux.usingWhen(acquire(), p -> work.get(),
        p -> Mono.fromRunnable(p::release),
        (p, e) -> Mono.fromRunnable(p::release),
        p -> Mono.fromRunnable(p::release));
  }
}
