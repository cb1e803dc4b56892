package io.pgmob.fleet.internal;

import io.pgmob.Cluster;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Failures;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.Reconciliation;
import io.pgmob.fleet.RetryPolicy;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.Timings;
import io.pgmob.managed.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The fan-out engine behind {@link io.pgmob.fleet.Fleet}: limits shared by every run of one fleet
 * (global concurrency, per-cluster connections and rate), one session per target per run (or, with
 * {@link FleetOptions#holdSessions()}, one idle session per target kept between runs), retries,
 * reconciliation, timeouts, results.
 */
public final class Engine {

  /** DEBUG: each cluster's result (outcome, attempts, error) and each retry with its reason. */
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);


  private final FleetOptions options;
  private final Scheduler scheduler;
  private final io.pgmob.session.Permits global;
  private final ConcurrentMap<String, Gate> gates = new ConcurrentHashMap<>();
  private final FleetMetrics metrics;
  /** Idle held sessions by target name; a session in use is out of this map. */
  private final ConcurrentMap<String, Cluster> held = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /** Sessions being opened or open, whoever holds them; {@link #close()} completes when none is left. */
  private final AtomicInteger live = new AtomicInteger();
  private final reactor.core.publisher.Sinks.Empty<Void> allClosed = reactor.core.publisher.Sinks.empty();

  /** Per-cluster limits shared across runs. */
  private final class Gate {
    final @Nullable RateLimiter rate = options.perClusterRate() > 0
        ? new RateLimiter(options.perClusterRate(), options.perClusterBurst(), scheduler) : null;
    final io.pgmob.session.Permits connections = new io.pgmob.session.Permits(options.perClusterConnections());
  }

  public Engine(FleetOptions options) {
    this.options = options;
    this.scheduler = options.scheduler();
    this.global = new io.pgmob.session.Permits(options.concurrency());
    this.metrics = new FleetMetrics(options.meterRegistry());
  }

  public FleetMetrics metrics() {
    return metrics;
  }

  public FleetOptions options() {
    return options;
  }

  /** Clusters worked on now, across runs. */
  public int inFlight() {
    return global.inUse();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Idle held sessions now (see {@link FleetOptions#holdSessions()}). */
  public int heldSessions() {
    return held.size();
  }

  /**
   * Closes every held session; runs started afterwards fail with {@link IllegalStateException}.
   * Completes when every session this engine opened is closed: the held ones, and those of runs
   * still in flight, which are closed (not held) when those runs end. Idempotent.
   */
  public Mono<Void> close() {
    return Mono.defer(() -> {
      closed = true;
      List<Mono<Void>> closing = new java.util.ArrayList<>();
      for (String name : List.copyOf(held.keySet())) {
        Cluster c = held.remove(name);
        if (c != null) {
          closing.add(closeQuietly(c));
        }
      }
      return Mono.when(closing).then(Mono.defer(() -> {
        if (live.get() == 0) {
          allClosed.tryEmitEmpty();
        }
        return allClosed.asMono();
      }));
    });
  }

  /** Sessions opened (or being opened) by this engine and not yet closed. */
  public int liveSessions() {
    return live.get();
  }

  private void sessionGone() {
    if (live.decrementAndGet() == 0 && closed) {
      allClosed.tryEmitEmpty();
    }
  }

  /** The error of a run started after {@link #close()}. */
  public static IllegalStateException closedError() {
    return new IllegalStateException("this fleet was closed (Fleet.close()); create a new Fleet to run operations");
  }

  /**
   * Closes {@code c}; the counts drop before completion is signalled (not after, as doFinally
   * would), so whoever waited on the close sees the session gone.
   */
  private Mono<Void> closeQuietly(Cluster c) {
    java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable gone = () -> {
      if (counted.compareAndSet(false, true)) {
        metrics.connectionClosed();
        sessionGone();
      }
    };
    return c.close().onErrorResume(e -> Mono.empty()).doOnTerminate(gone).doOnCancel(gone);
  }

  /**
   * Opens a session for {@code target}. Cancelling the returned Mono does not abandon a connection
   * that is being opened: once it opens it is closed, so a cancelled run leaves no session behind.
   */
  private Mono<Cluster> open(Target target, java.util.function.Consumer<Cluster> onOpen) {
    return Mono.create(sink -> {
      live.incrementAndGet();
      Object lock = new Object();
      boolean[] cancelled = {false};
      sink.onCancel(() -> {
        synchronized (lock) {
          cancelled[0] = true;
        }
      });
      Cluster.connect(target.spec()).subscribe(opened -> {
        metrics.connectionOpened();
        boolean keep;
        synchronized (lock) {
          keep = !cancelled[0];
          if (keep) {
            onOpen.accept(opened);
          }
        }
        if (keep) {
          sink.success(opened);
        } else {
          closeQuietly(opened).subscribe();
        }
      }, e -> {
        sessionGone();
        sink.error(e);
      }, () -> { });
    });
  }

  /** Fans {@code op} out over {@code targets}. See {@link io.pgmob.fleet.Fleet#run}. */
  public <T> Flux<ClusterResult<T>> run(List<Target> targets, FleetOperation<T> op, RunHooks hooks) {
    return Flux.defer(() -> {
      if (closed) {
        return Flux.error(closedError());
      }
      options.listener().started(hooks.label(), targets.size());
      return Flux.fromIterable(targets)
          .flatMap(t -> process(t, op, hooks), options.concurrency(), 1)
          .doOnNext(r -> options.listener().finished(r))
          .doFinally(s -> options.listener().ended(hooks.label()));
    });
  }

  private Instant now() {
    return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
  }

  private Gate gate(Target t) {
    return gates.computeIfAbsent(t.name(), n -> new Gate());
  }

  private static <R> Mono<R> holding(Mono<io.pgmob.session.Permits.Permit> acquire, Function<io.pgmob.session.Permits.Permit, Mono<R>> body) {
    return Mono.usingWhen(acquire, body,
        p -> Mono.fromRunnable(p::release),
        (p, e) -> Mono.fromRunnable(p::release),
        p -> Mono.fromRunnable(p::release));
  }

  /** One target of one run: its session and attempts. */
  private final class Work<T> {
    final Target target;
    final FleetOperation<T> op;
    final RunHooks hooks;
    final Instant queued;
    final AtomicInteger attempts = new AtomicInteger();
    volatile @Nullable Instant started;
    volatile @Nullable Cluster cluster;
    volatile boolean pendingReconcile;
    volatile @Nullable Throwable lost;
    volatile @Nullable Plan plan;
    /** Whether this work takes its session from, and returns it to, the held sessions. */
    final boolean holds;

    Work(Target target, FleetOperation<T> op, RunHooks hooks, Instant queued) {
      this.target = target;
      this.op = op;
      this.hooks = hooks;
      this.queued = queued;
      this.pendingReconcile = hooks.reconcileFirst().contains(target.name());
      this.holds = options.holdSessions() && hooks.mayHold() && hooks.lockKey() == null;
    }

    Mono<Cluster> session() {
      Cluster c = cluster;
      if (c != null && !c.isClosed()) {
        return Mono.just(c);
      }
      if (holds) {
        // taken out of the cache while in use: no other run can get it meanwhile
        Cluster h = held.remove(target.name());
        if (h != null) {
          if (!h.isClosed()) {
            cluster = h;
            return Mono.just(h);
          }
          return closeQuietly(h).then(Mono.defer(this::session));
        }
      } else if (options.holdSessions()) {
        // a rollout connects on its own: close the target's idle held session first, so that the
        // sessions open to the cluster (in use or idle) stay within perClusterConnections
        Cluster h = held.remove(target.name());
        if (h != null) {
          return closeQuietly(h).then(Mono.defer(this::session));
        }
      }
      return readableCredentials()
          .then(open(target, opened -> cluster = opened))
          .flatMap(opened -> hooks.lockKey() == null ? Mono.just(opened)
              : opened.scalar("SELECT pg_try_advisory_lock($1)", Boolean.class, hooks.lockKey())
                  .flatMap(ok -> Boolean.TRUE.equals(ok) ? Mono.just(opened)
                      : Mono.error(new Failures.LockedException(target.name()))));
    }

    /**
     * Fails before connecting when the target's password reference cannot be read (a missing
     * environment variable or file): otherwise the driver's handshake breaks off and the failure
     * reads as a server that does not speak the protocol. Not transient, so not retried.
     */
    private Mono<Void> readableCredentials() {
      io.pgmob.fleet.inventory.Credentials c = target.credentials();
      if (c == null) {
        return Mono.empty();
      }
      return c.fetch()
          .onErrorMap(io.pgmob.error.InvalidInputException.class, e -> new io.pgmob.error.InvalidInputException(
              "the password of target " + target.name() + " (" + c.reference() + "): " + e.getMessage()))
          .then();
    }

    Mono<Void> closeSession() {
      Cluster c = cluster;
      cluster = null;
      if (c == null) {
        return Mono.empty();
      }
      return closeQuietly(c);
    }

    /**
     * At the end of the work: returns the session to the held sessions when this work holds and
     * the session is still good (at most one idle session per target), else closes it. Called
     * with the per-cluster connection permit still taken, so open sessions (in use or idle)
     * never exceed {@link FleetOptions#perClusterConnections()}.
     */
    Mono<Void> releaseSession() {
      Cluster c = cluster;
      if (!holds || c == null || c.isClosed() || closed) {
        return closeSession();
      }
      if (held.putIfAbsent(target.name(), c) != null) {
        return closeSession();
      }
      cluster = null;
      if (closed && held.remove(target.name(), c)) {
        // the fleet was closed while this was being returned
        return closeQuietly(c);
      }
      return Mono.empty();
    }

    Mono<Box<T>> attempt() {
      return Mono.defer(() -> {
        attempts.incrementAndGet();
        Mono<Duration> token = gate(target).rate == null ? Mono.just(Duration.ZERO) : gate(target).rate.acquire();
        // the token is taken with the session open, right before the operation, so the spacing the
        // server sees is the configured rate (connect latency does not eat into it); the timeout
        // covers the operation, connecting is bounded by the spec's connect timeout
        // only a failure after the operation was sent leaves its effect unknown (not one while
        // connecting or taking the rollout lock)
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        return session()
            .flatMap(c -> token.doOnNext(metrics::rateLimitWaited)
                .then(Mono.defer(() -> {
                  sent.set(true);
                  return once(c);
                })
                    .timeout(options.timeout(), Mono.defer(() -> Mono.error(
                        new Failures.OperationTimeoutException(target.name(), options.timeout()))), scheduler)))
            .onErrorResume(e -> {
              // a held session is not kept after a timeout (the statement was being cancelled)
              boolean timedOut = e instanceof Failures.OperationTimeoutException || e instanceof TimeoutException;
              // nor one left inside a failed transaction by an earlier operation (25P02): it would
              // fail every later run
              boolean poisoned = io.pgmob.error.SqlStates.IN_FAILED_SQL_TRANSACTION.equals(Failures.sqlState(e));
              Mono<Void> drop = Failures.breaksSession(e) || (holds && (timedOut || poisoned)) ? closeSession() : Mono.empty();
              if (sent.get() && !hooks.dryRun() && Failures.isEffectUnknown(e)) {
                if (!op.reconciles()) {
                  return drop.then(Mono.error(new Failures.EffectUnknownException(target.name(), e)));
                }
                pendingReconcile = true;
                lost = e;
              }
              return drop.then(Mono.error(e));
            });
      });
    }

    private Mono<Box<T>> once(Cluster c) {
      if (hooks.dryRun()) {
        return op.plan(c).map(p -> {
          plan = p;
          return Box.<T>empty();
        });
      }
      if (pendingReconcile) {
        return op.reconcile(c).flatMap(r -> {
          pendingReconcile = false;
          return switch (r.state()) {
            case APPLIED -> Mono.just(Box.of(r.value()));
            case NOT_APPLIED -> apply(c);
            case UNKNOWN -> Mono.error(new Failures.EffectUnknownException(target.name(),
                lost != null ? lost : new IllegalStateException("a previous run died while this cluster was in flight")));
          };
        });
      }
      return apply(c);
    }

    private Mono<Box<T>> apply(Cluster c) {
      return Flux.from(op.apply(c)).map(Box::of).reduce((a, b) -> b).defaultIfEmpty(Box.empty());
    }

    Mono<ClusterResult<T>> execute() {
      Mono<Box<T>> attempts = attempt();
      RetryPolicy rp = options.retry();
      if (rp.maxAttempts() > 1) {
        attempts = attempts.retryWhen(Retries.of(rp, scheduler, metrics::retried,
            e -> LOG.debug("[{}] retrying after attempt {} failed: {}", target.name(), this.attempts.get(), e.getMessage())));
      }
      return attempts.map(this::success).onErrorResume(e -> Mono.just(failure(e)))
          .doOnNext(r -> LOG.debug("[{}] {}", target.name(), r));
    }

    private Timings timings() {
      Instant end = now();
      Instant s = started != null ? started : end;
      return new Timings(queued, s, Duration.between(queued, s), Duration.between(s, end));
    }

    ClusterResult<T> success(Box<T> box) {
      Outcome outcome;
      if (hooks.dryRun()) {
        outcome = plan == null || plan.isEmpty() ? Outcome.UNCHANGED : Outcome.SUCCEEDED;
      } else {
        outcome = box.value instanceof io.pgmob.managed.Changed c && !c.changed() ? Outcome.UNCHANGED : Outcome.SUCCEEDED;
      }
      return new ClusterResult<>(target, outcome, box.value, null, null, attempts.get(), timings(), plan);
    }

    ClusterResult<T> failure(Throwable e) {
      Throwable error = e instanceof TimeoutException
          ? new Failures.OperationTimeoutException(target.name(), options.timeout()) : e;
      if (pendingReconcile && !hooks.dryRun() && !(error instanceof Failures.EffectUnknownException)
          && !(error instanceof Failures.LockedException)) {
        // an earlier attempt (or a previous run) may have taken effect and nothing has told yet:
        // whatever failed since, the effect is still unknown, and a journal must keep saying so
        error = new Failures.EffectUnknownException(target.name(), "a previous attempt may have taken effect and it"
            + " could not be reconciled (" + error.getMessage() + "); not retried", error);
      }
      boolean skipped = error instanceof Failures.LockedException
          || (hooks.dryRun() && error instanceof UnsupportedOperationException);
      return new ClusterResult<>(target, skipped ? Outcome.SKIPPED : Outcome.FAILED, null, error,
          Failures.sqlState(error), attempts.get(), timings(), plan);
    }
  }

  /** A value slot that may hold null (Reactor carries no nulls). */
  static final class Box<T> {
    private static final Box<?> EMPTY = new Box<>(null);
    final @Nullable T value;

    private Box(@Nullable T value) {
      this.value = value;
    }

    static <T> Box<T> of(@Nullable T value) {
      return new Box<>(value);
    }

    @SuppressWarnings("unchecked")
    static <T> Box<T> empty() {
      return (Box<T>) EMPTY;
    }
  }

  /** Runs one target: waits for the limits, then works, then reports. Never signals an error. */
  public <T> Mono<ClusterResult<T>> process(Target target, FleetOperation<T> op, RunHooks hooks) {
    return Mono.defer(() -> {
      Instant queued = now();
      if (hooks.stop().getAsBoolean()) {
        return Mono.just(this.<T>skipped(target, queued, "halted before this cluster started"));
      }
      Work<T> w = new Work<>(target, op, hooks, queued);
      Gate gate = gate(target);
      return holding(global.acquire(), g -> holding(gate.connections.acquire(), c -> Mono.defer(() -> {
        if (hooks.stop().getAsBoolean()) {
          return Mono.just(this.<T>skipped(target, queued, "halted before this cluster started"));
        }
        w.started = now();
        metrics.started();
        return Mono.usingWhen(Mono.just(w),
                x -> hooks.beforeStart().apply(target).then(x.execute()),
                Work::releaseSession,
                (x, e) -> x.closeSession(),
                Work::closeSession)
            .doFinally(s -> metrics.ended());
      })))
          .doOnNext(r -> metrics.finished(r.outcome(), r.timings().elapsed()));
    });
  }

  private <T> ClusterResult<T> skipped(Target t, Instant at, String why) {
    return new ClusterResult<>(t, Outcome.SKIPPED, null, new Skipped(t.name(), why), null, 0, Timings.notStarted(at), null);
  }

  /** Why a cluster was skipped without running. */
  public static final class Skipped extends io.pgmob.error.PgmobException {
    public Skipped(String cluster, String reason) {
      super(reason, cluster, null, null, null);
    }
  }
}
