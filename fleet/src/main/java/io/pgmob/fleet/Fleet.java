package io.pgmob.fleet;

import io.pgmob.session.Row;
import io.pgmob.fleet.internal.Engine;
import io.pgmob.fleet.internal.ReadOnlyQuery;
import io.pgmob.fleet.internal.RunHooks;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs operations on many clusters at once, within limits. Thread-safe; one fleet may run many
 * operations concurrently, and its limits (global concurrency, per-cluster connections and rate)
 * hold across all of them.
 *
 * <pre>{@code
 * Fleet fleet = Fleet.create(Inventory.load(Path.of("fleet.yaml")),
 *     FleetOptions.builder().concurrency(64).perClusterRate(5).build());
 *
 * fleet.run(Selector.parse("env=prod,region=eu"), c -> c.scalar("SELECT version()", String.class))
 *     .subscribe(r -> System.out.println(r.name() + ": " + r.outcome() + " " + r.value()));
 *
 * FleetReport report = FleetReport.collect(fleet.run("env=prod", FleetOperation.sql("ANALYZE"))).block();
 * }</pre>
 */
public final class Fleet {

  private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);


  private final Inventory inventory;
  private final Engine engine;

  private Fleet(Inventory inventory, FleetOptions options) {
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.engine = new Engine(Objects.requireNonNull(options, "options"));
  }

  /**
   * A fleet over {@code inventory} with default options ({@link FleetOptions#builder()}).
   *
   * @param inventory the clusters the fleet's selectors choose from
   * @return the fleet; it opens no session until a run starts
   */
  public static Fleet create(Inventory inventory) {
    return new Fleet(inventory, FleetOptions.defaults());
  }

  /**
   * A fleet over {@code inventory} with these options.
   *
   * @param inventory the clusters the fleet's selectors choose from
   * @param options the limits, retries, timeout, metrics and listener shared by every run
   * @return the fleet; it opens no session until a run starts
   */
  public static Fleet create(Inventory inventory, FleetOptions options) {
    return new Fleet(inventory, options);
  }

  /** {@return the inventory selectors choose from} */
  public Inventory inventory() {
    return inventory;
  }

  /** {@return the limits and settings} */
  public FleetOptions options() {
    return engine.options();
  }

  /** {@return clusters being worked on now, across every run of this fleet} */
  public int inFlight() {
    return engine.inFlight();
  }

  /**
   * Runs {@code op} on every selected cluster and streams one {@link ClusterResult} per cluster,
   * in completion order.
   *
   * <p><b>Order and concurrency:</b> clusters start in inventory order, at most {@link
   * FleetOptions#concurrency()} at once (across all runs of this fleet), each also waiting for a
   * per-cluster connection permit and, before each attempt, a per-cluster rate token. Each cluster
   * gets one session for the run, opened when it starts and closed when it ends (with {@link
   * FleetOptions#holdSessions()}: taken from the fleet's held sessions if one is idle, and kept
   * there afterwards).
   *
   * <p><b>Backpressure:</b> a new cluster starts only when a finished cluster's result has been
   * requested by the subscriber, so a slow consumer slows the fan-out; at most {@code
   * concurrency} results wait in memory.
   *
   * <p><b>Errors:</b> the returned flux does not fail because a cluster failed: each failure is a
   * result with outcome {@link Outcome#FAILED}, its error and SQLSTATE. Transient failures are
   * retried per {@link FleetOptions#retry()}; a failure after which the effect is unknown
   * (connection lost in flight) is reconciled first ({@link FleetOperation#reconcile}) or, if the
   * operation cannot, reported as failed "effect unknown". Each attempt is bounded by {@link
   * FleetOptions#timeout()}.
   *
   * <p><b>Cancellation:</b> cancelling the subscription cancels the statements running on the
   * servers (a cancel request, not just a drained response), closes the sessions and opens no new
   * ones.
   *
   * <p>After {@link #close()} the returned flux fails with {@link IllegalStateException}.
   *
   * @param <T> the operation's value
   * @param selector which clusters of the inventory, by label (see {@link Selector})
   * @param op what to do on each cluster
   * @return one result per selected cluster, in completion order
   */
  public <T> Flux<ClusterResult<T>> run(Selector selector, FleetOperation<T> op) {
    return run(inventory.select(selector), op, selector.toString());
  }

  /**
   * {@link #run(Selector, FleetOperation)} with a selector string such as {@code env=prod,region=eu}.
   *
   * @param <T> the operation's value
   * @param selector which clusters, as {@link Selector#parse} reads it
   * @param op what to do on each cluster
   * @return one result per selected cluster, in completion order
   * @throws io.pgmob.error.InvalidInputException for a malformed selector
   */
  public <T> Flux<ClusterResult<T>> run(String selector, FleetOperation<T> op) {
    return run(Selector.parse(selector), op);
  }

  /**
   * {@link #run(Selector, FleetOperation)} on these targets (which need not be in the inventory).
   *
   * @param <T> the operation's value
   * @param targets the clusters to run on, in this order
   * @param op what to do on each cluster
   * @return one result per target, in completion order
   */
  public <T> Flux<ClusterResult<T>> run(List<Target> targets, FleetOperation<T> op) {
    return run(targets, op, targets.size() + " targets");
  }

  private <T> Flux<ClusterResult<T>> run(List<Target> targets, FleetOperation<T> op, String label) {
    Objects.requireNonNull(op, "op");
    return engine.run(List.copyOf(targets), op, RunHooks.plain(label));
  }

  /**
   * Runs a query on every selected cluster, in a read-only transaction, and streams the rows
   * tagged with their cluster. Each cluster's rows are collected before they are emitted, so a
   * retried cluster never yields duplicates. Clusters that fail yield no rows; after the rows of
   * all others the flux fails with a {@link FleetQueryException} listing them.
   *
   * <p>A query cannot change a cluster: a write (DDL, {@code INSERT}, {@code nextval} ...) fails
   * on the server with SQLSTATE 25006 ({@code read_only_sql_transaction}); change clusters with
   * {@link #rollout} instead. Because it is read-only, a query whose connection broke is retried
   * on a new session. The SQL is exactly one statement, with or without parameters (the extended
   * protocol): text holding several fails on the server with SQLSTATE 42601 before any of it runs,
   * so a query cannot end its transaction and go on read-write. The transaction ends with a
   * rollback, which also undoes any setting the statement changed, so a held session is left as it
   * was. Three round trips: begin, the statement, rollback.
   *
   * <pre>{@code
   * fleet.query(Selector.parse("env=prod"),
   *         "SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS lag FROM pg_replication_slots")
   *     .filter(r -> r.row().getLong("lag") > 10L << 30)
   *     .subscribe(r -> System.out.println(r.cluster() + " " + r.row().getString("slot_name")));
   * }</pre>
   *
   * @param selector which clusters of the inventory, by label (see {@link Selector})
   * @param sql the query; several statements only without parameters
   * @param params the values of {@code $1}, {@code $2} ..., in order
   * @return the rows, each with its cluster; fails at the end when a cluster failed
   */
  public Flux<ClusterRow> query(Selector selector, String sql, @Nullable Object... params) {
    Object[] copy = params == null ? new Object[0] : params.clone();
    List<ClusterResult<?>> failures = Collections.synchronizedList(new ArrayList<>());
    FleetOperation<List<Row>> op = FleetOperation.idempotent(c -> ReadOnlyQuery.list(c, sql, copy));
    return Flux.defer(() -> run(inventory.select(selector), op, "query " + selector)
        .concatMap(r -> {
          if (!r.isSuccess() || r.value() == null) {
            failures.add(r);
            return Flux.<ClusterRow>empty();
          }
          return Flux.fromIterable(r.value()).map(row -> new ClusterRow(r.target(), row));
        }, 1)
        .concatWith(Mono.defer(() -> failures.isEmpty() ? Mono.empty()
            : Mono.error(new FleetQueryException(new ArrayList<>(failures))))));
  }

  /**
   * {@link #query(Selector, String, Object...)} with a selector string.
   *
   * @param selector which clusters, as {@link Selector#parse} reads it
   * @param sql the query; several statements only without parameters
   * @param params the values of {@code $1}, {@code $2} ..., in order
   * @return the rows, each with its cluster; fails at the end when a cluster failed
   * @throws io.pgmob.error.InvalidInputException for a malformed selector
   */
  public Flux<ClusterRow> query(String selector, String sql, @Nullable Object... params) {
    return query(Selector.parse(selector), sql, params);
  }

  /**
   * Rolls {@code op} out over the selected clusters in waves (see {@link Rollout}) and streams
   * its {@link RolloutEvent}s; the last is {@link RolloutEvent.Finished} with the report.
   *
   * <pre>{@code
   * RolloutReport report = RolloutReport.from(fleet.rollout(Selector.parse("env=prod"), rollout, op)).block();
   * }</pre>
   *
   * <p>Within a wave clusters run under the fleet's limits; the next wave starts when the wave
   * is over (after the pause and the approval gate). When a failure threshold is passed no
   * further cluster starts (those in flight finish) and the rollout halts. With a journal, each
   * cluster's start and outcome are written (and forced to disk) before its event is emitted; a
   * rollout run again with the same journal skips the clusters that finished successfully,
   * retries the others, and reconciles those that were in flight when it died. Cancelling the
   * subscription cancels statements in flight on the servers. Each subscription is a new
   * execution (with a journal: a resume).
   *
   * @param <T> the operation's value
   * @param selector which clusters of the inventory, by label (see {@link Selector})
   * @param rollout canary, waves, thresholds, pause, approval, journal, dry run
   * @param op what to do on each cluster
   * @return the rollout's events, ending with {@link RolloutEvent.Finished}
   */
  public <T> Flux<RolloutEvent> rollout(Selector selector, Rollout rollout, FleetOperation<T> op) {
    List<Target> targets = inventory.select(selector);
    return Flux.defer(() -> engine.isClosed() ? Flux.error(Engine.closedError())
        : new RolloutRunner<>(engine, rollout, targets, op).events()).doOnNext(e -> logEvent(rollout, e));
  }

  /**
   * {@link #rollout(Selector, Rollout, FleetOperation)} with a selector string.
   *
   * @param <T> the operation's value
   * @param selector which clusters, as {@link Selector#parse} reads it
   * @param rollout canary, waves, thresholds, pause, approval, journal, dry run
   * @param op what to do on each cluster
   * @return the rollout's events, ending with {@link RolloutEvent.Finished}
   * @throws io.pgmob.error.InvalidInputException for a malformed selector
   */
  public <T> Flux<RolloutEvent> rollout(String selector, Rollout rollout, FleetOperation<T> op) {
    return rollout(Selector.parse(selector), rollout, op);
  }

  /**
   * {@link #rollout(Selector, Rollout, FleetOperation)} over these targets.
   *
   * @param <T> the operation's value
   * @param targets the clusters to run on, in this order
   * @param rollout canary, waves, thresholds, pause, approval, journal, dry run
   * @param op what to do on each cluster
   * @return the rollout's events, ending with {@link RolloutEvent.Finished}
   */
  public <T> Flux<RolloutEvent> rollout(List<Target> targets, Rollout rollout, FleetOperation<T> op) {
    List<Target> copy = List.copyOf(targets);
    return Flux.defer(() -> engine.isClosed() ? Flux.error(Engine.closedError())
        : new RolloutRunner<>(engine, rollout, copy, op).events()).doOnNext(e -> logEvent(rollout, e));
  }

  /** DEBUG: the rollout's decisions (waves started, clusters finished or skipped, halts), as its events. */
  private static void logEvent(Rollout rollout, RolloutEvent e) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("rollout {}: {}", rollout.name(), e);
    }
  }

  /**
   * Closes the sessions this fleet holds ({@link FleetOptions.Builder#holdSessions(boolean)}); the
   * returned Mono completes when every session the fleet opened is closed: the held ones, and
   * those of runs still in flight, which are closed when those runs end (so it waits for them).
   * It never fails: a session that cannot be closed cleanly is dropped. Call it when done with a fleet that holds sessions; without held
   * sessions it has nothing to close.
   *
   * <p>A closed fleet stays closed: {@link #run}, {@link #query} and {@link #rollout} started
   * afterwards fail with {@link IllegalStateException} (they do not reconnect silently, which
   * would leak sessions nobody closes); create a new fleet instead. Runs still in flight finish,
   * and their sessions are closed rather than held. Calling it again does nothing.
   *
   * <pre>{@code
   * Fleet fleet = Fleet.create(inventory, FleetOptions.builder().holdSessions(true).build());
   * try {
   *   ... fleet.run(...) every few seconds ...
   * } finally {
   *   fleet.close().block();   // or compose it into your pipeline
   * }
   * }</pre>
   *
   * @return completes when every session the fleet opened is closed
   */
  public Mono<Void> close() {
    return engine.close();
  }

  /** Internal: the engine, for rollouts. */
  Engine engine() {
    return engine;
  }

  @Override
  public String toString() {
    return "Fleet[" + inventory.size() + " targets, " + engine.options() + "]";
  }
}
