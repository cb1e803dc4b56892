/**
 * Many clusters at once: an {@link io.pgmob.fleet.Inventory} of labelled targets, the {@link
 * io.pgmob.fleet.Fleet} fan-out engine with limits and retries, rollouts in waves with a durable
 * journal, reports and metrics.
 */
@NullMarked
package io.pgmob.fleet;

import org.jspecify.annotations.NullMarked;
