/**
 * Rollouts: a {@link io.pgmob.fleet.rollout.Rollout} plan (canary, {@link
 * io.pgmob.fleet.rollout.Wave}s, {@link io.pgmob.fleet.rollout.Threshold}s, pause, {@link
 * io.pgmob.fleet.rollout.ApprovalGate}, dry run), its durable {@link
 * io.pgmob.fleet.rollout.RolloutJournal} and resume, the {@link
 * io.pgmob.fleet.rollout.RolloutEvent}s {@code fleet.rollout(...)} streams and the {@link
 * io.pgmob.fleet.rollout.RolloutReport} that sums them up. Started by the {@link
 * io.pgmob.fleet.Fleet} facade, on the engine's limits.
 */
@NullMarked
package io.pgmob.fleet.rollout;

import org.jspecify.annotations.NullMarked;
