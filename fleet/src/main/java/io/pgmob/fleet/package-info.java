/**
 * Many clusters at once.
 *
 * <ul>
 *   <li>{@link io.pgmob.fleet.inventory} ({@code Inventory}): named targets with labels, from
 *       code or a YAML/JSON file, credentials by reference; a selector picks targets by
 *       label.</li>
 *   <li>{@link io.pgmob.fleet.Fleet}: {@code run(selector, op)} streams one {@link
 *       io.pgmob.fleet.ClusterResult} per cluster with backpressure, under the limits of {@link
 *       io.pgmob.fleet.FleetOptions} (global concurrency, per-cluster rate and connections,
 *       timeout, {@link io.pgmob.fleet.RetryPolicy} for transient failures, reconciliation after
 *       a lost connection); {@code query(selector, sql)} returns rows tagged with their cluster;
 *       {@link io.pgmob.fleet.FleetReport} sums a run up.</li>
 *   <li>{@link io.pgmob.fleet.rollout} ({@code Rollout}): canary, waves, thresholds, pause,
 *       approval gate, dry run, durable journal and resume, a per-cluster advisory lock; {@code
 *       fleet.rollout(...)} streams rollout events.</li>
 *   <li>{@link io.pgmob.fleet.ops}: the administrative operations and JSON shapes shared by the
 *       command-line tool ({@link io.pgmob.fleet.cli}) and the HTTP control plane ({@link
 *       io.pgmob.fleet.http}); {@link io.pgmob.fleet.internal} is the engine's machinery.</li>
 *   <li>Observability: Micrometer meters ({@link io.pgmob.fleet.FleetMeters}), {@link
 *       io.pgmob.fleet.ProgressListener}, {@link io.pgmob.fleet.ConsoleProgress}.</li>
 * </ul>
 *
 * <pre>{@code
 * Fleet fleet = Fleet.create(Inventory.load(Path.of("fleet.yaml")),
 *     FleetOptions.builder().concurrency(64).perClusterRate(5).build());
 * FleetReport report = FleetReport.collect(
 *     fleet.run("env=prod,region=eu", c -> c.scalar("SELECT count(*) FROM pg_stat_activity", Long.class))).block();
 * RolloutReport rollout = RolloutReport.from(fleet.rollout("env=prod",
 *     Rollout.builder("analyze").canary(2).waves(Wave.percent(25)).journal(Path.of("analyze.journal")).build(),
 *     FleetOperation.sql("ANALYZE"))).block();
 * }</pre>
 */
@NullMarked
package io.pgmob.fleet;

import org.jspecify.annotations.NullMarked;
