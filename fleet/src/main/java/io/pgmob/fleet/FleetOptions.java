package io.pgmob.fleet;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgmob.error.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Limits and settings of a {@link Fleet}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * FleetOptions options = FleetOptions.builder()
 *     .concurrency(64)                       // clusters worked on at once, across all runs
 *     .perClusterRate(5)                     // operations per second against one cluster
 *     .perClusterConnections(2)              // sessions open to one cluster at once
 *     .timeout(Duration.ofMinutes(2))        // per attempt
 *     .retry(RetryPolicy.backoff(4, Duration.ofMillis(200)))
 *     .meterRegistry(registry)
 *     .build();
 * }</pre>
 */
public final class FleetOptions {

  private final int concurrency;
  private final double perClusterRate;
  private final int perClusterBurst;
  private final int perClusterConnections;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final @Nullable MeterRegistry meterRegistry;
  private final Scheduler scheduler;
  private final ProgressListener listener;
  private final boolean holdSessions;

  private FleetOptions(Builder b) {
    this.concurrency = b.concurrency;
    this.perClusterRate = b.perClusterRate;
    this.perClusterBurst = b.perClusterBurst;
    this.perClusterConnections = b.perClusterConnections;
    this.timeout = b.timeout;
    this.retry = b.retry;
    this.meterRegistry = b.meterRegistry;
    this.scheduler = b.scheduler;
    this.listener = b.listener;
    this.holdSessions = b.holdSessions;
  }

  /**
   * Defaults: see each builder method.
   *
   * @return the default options
   */
  public static FleetOptions defaults() {
    return builder().build();
  }

  /** {@return A builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return A builder holding these options} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.concurrency = concurrency;
    b.perClusterRate = perClusterRate;
    b.perClusterBurst = perClusterBurst;
    b.perClusterConnections = perClusterConnections;
    b.timeout = timeout;
    b.retry = retry;
    b.meterRegistry = meterRegistry;
    b.scheduler = scheduler;
    b.listener = listener;
    b.holdSessions = holdSessions;
    return b;
  }

  /** {@return clusters worked on at once across all runs} */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Operations per second per cluster; 0 means unlimited.
   *
   * @return operations per second per cluster; 0 means unlimited
   */
  public double perClusterRate() {
    return perClusterRate;
  }

  /**
   * Operations that may start back to back on one cluster.
   *
   * @return operations that may start back to back on one cluster
   */
  public int perClusterBurst() {
    return perClusterBurst;
  }

  /**
   * Sessions open to one cluster at once across all runs.
   *
   * @return sessions open to one cluster at once across all runs
   */
  public int perClusterConnections() {
    return perClusterConnections;
  }

  /** {@return the time one attempt may take} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return how transient failures are retried} */
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * Where meters go, if anywhere.
   *
   * @return where meters go; null for nowhere
   */
  public @Nullable MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** {@return the scheduler for time} */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** {@return the listener told about every run} */
  public ProgressListener listener() {
    return listener;
  }

  /** {@return whether sessions are kept open between runs; see {@link Builder#holdSessions(boolean)}} */
  public boolean holdSessions() {
    return holdSessions;
  }

  @Override
  public String toString() {
    return "FleetOptions[concurrency=" + concurrency + ", perClusterRate=" + (perClusterRate == 0 ? "unlimited" : perClusterRate + "/s")
        + ", perClusterConnections=" + perClusterConnections + ", timeout=" + timeout + ", retry=" + retry + (holdSessions ? ", holdSessions" : "") + "]";
  }

  /** Builder for {@link FleetOptions}. */
  public static final class Builder {
    private int concurrency = 32;
    private double perClusterRate;
    private int perClusterBurst = 1;
    private int perClusterConnections = 2;
    private Duration timeout = Duration.ofMinutes(5);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private @Nullable MeterRegistry meterRegistry;
    private Scheduler scheduler = Schedulers.parallel();
    private ProgressListener listener = ProgressListener.none();
    private boolean holdSessions;

    private Builder() {}

    /**
     * How many clusters are worked on at once, across all concurrent runs of the fleet. Default 32.
     *
     * @param n clusters at once, at least 1
     * @return this builder
     */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw new InvalidInputException("concurrency must be at least 1, got " + n);
      }
      this.concurrency = n;
      return this;
    }

    /**
     * Operations (attempts, including retries and reconciliations) per second against one
     * cluster, shared by every run of the fleet that touches it. The token is taken with the
     * session open, right before the operation runs. Default: unlimited (0).
     *
     * @param perSecond operations per second, 0 for unlimited
     * @return this builder
     */
    public Builder perClusterRate(double perSecond) {
      if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
        throw new InvalidInputException("perClusterRate must be >= 0 (0 = unlimited), got " + perSecond);
      }
      this.perClusterRate = perSecond;
      return this;
    }

    /**
     * How many operations may start back to back before the rate applies. Default 1.
     *
     * @param burst how many operations may start back to back before the rate applies. Default 1
     * @return this builder
     */
    public Builder perClusterBurst(int burst) {
      if (burst < 1) {
        throw new InvalidInputException("perClusterBurst must be at least 1, got " + burst);
      }
      this.perClusterBurst = burst;
      return this;
    }

    /**
     * Sessions open to one cluster at once, across all runs of the fleet. Default 2.
     *
     * @param n sessions open to one cluster at once, across all runs of the fleet. Default 2
     * @return this builder
     */
    public Builder perClusterConnections(int n) {
      if (n < 1) {
        throw new InvalidInputException("perClusterConnections must be at least 1, got " + n);
      }
      this.perClusterConnections = n;
      return this;
    }

    /**
     * How long one attempt of the operation may take before it is cancelled on the server and the
     * cluster fails with SQLSTATE 57014 (not retried). Connecting is bounded by each target's
     * connect timeout instead. Default 5 minutes.
     *
     * @param timeout the longest one attempt may take, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidInputException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Retries of transient failures. Default {@link RetryPolicy#DEFAULT}.
     *
     * @param retry retries of transient failures. Default {@link RetryPolicy#DEFAULT}
     * @return this builder
     */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Where {@code pgmob.fleet.*} meters are registered. Default: none (no metrics cost).
     *
     * @param registry where {@code pgmob.fleet.*} meters are registered. Default: none (no metrics cost)
     * @return this builder
     */
    public Builder meterRegistry(@Nullable MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * The scheduler for time (rate-limit waits, backoff, timeouts). Default {@link
     * Schedulers#parallel()}; tests pass a virtual-time scheduler.
     *
     * @param scheduler the time source
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Told about every run's start and every finished cluster. Default: none.
     *
     * @param listener told about every run's start and every finished cluster. Default: none
     * @return this builder
     */
    public Builder listener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Keeps one idle session per target open between runs (default {@code false}: every run opens
     * and closes one session per target).
     *
     * <p>When on, after a run's operation on a target ends, the session goes into a cache of the
     * fleet instead of being closed, and the next run on that target takes it from there instead
     * of connecting: steady-state pipelines (the same query every few seconds) then skip the
     * connect, authentication and close round trips. A session is not kept when the operation
     * failed in a way that breaks the session ({@link Failures#breaksSession}, e.g. connection
     * lost), timed out, or was cancelled; a cached session found closed is dropped and a new one
     * opened. A session in use is out of the cache, so two concurrent runs never share one. At
     * most one idle session is kept per target; it counts against {@link
     * #perClusterConnections(int)} (the sessions open to a cluster, in use or idle, never exceed
     * that limit) and in the {@code pgmob.fleet.connections} gauge. Rollouts never use held
     * sessions (they take a session-level advisory lock): they open and close their own, and
     * close the target's idle held session first (the next run reconnects).
     *
     * <p>Operations must leave the session as they found it (no open transaction, no changed
     * {@code SET} or role) since the next run reuses it; a session that an operation left in a
     * failed transaction makes the next run on it fail with SQLSTATE 25P02, after which it is
     * dropped. Objects cached on the session ({@link
     * io.pgmob.session.SqlSession#state}, e.g. a collection's loaded snapshot) outlive the run too: an
     * operation that must see changes made elsewhere calls {@code refresh()} on them (or on the
     * {@code Cluster}). A held session whose server end died
     * while idle (e.g. {@code pg_terminate_backend}) is only noticed when used: that attempt
     * fails with a lost connection, the session is dropped, and the operation is reconciled and
     * retried if it can be ({@link FleetOperation#idempotent}, {@code withReconcile}), otherwise
     * it fails "effect unknown".
     *
     * <p>With this on, call {@link Fleet#close()} when done with the fleet: it closes the held
     * sessions (they are not closed otherwise until the servers drop them).
     *
     * @param hold whether to keep one idle session per target between runs
     * @return this builder
     */
    public Builder holdSessions(boolean hold) {
      this.holdSessions = hold;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public FleetOptions build() {
      return new FleetOptions(this);
    }
  }
}
