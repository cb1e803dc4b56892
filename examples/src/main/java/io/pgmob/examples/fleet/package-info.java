/**
 * Fleet examples: a DDL rollout in waves ({@link io.pgmob.examples.fleet.DdlRollout}), bulk role
 * rotation ({@link io.pgmob.examples.fleet.RoleRotation}), and reactive pipelines over every
 * cluster ({@link io.pgmob.examples.fleet.LaggingSlots}, {@link io.pgmob.examples.fleet.SettingDrift}).
 * Each returns a result to check and its {@code main} prints an aggregated report.
 */
@org.jspecify.annotations.NullMarked
package io.pgmob.examples.fleet;
