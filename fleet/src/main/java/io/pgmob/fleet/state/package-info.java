/**
 * The declarative state file: one YAML or JSON file says what roles, memberships, databases,
 * schemas and privileges the fleet should have; {@link io.pgmob.fleet.state.FleetState} parses
 * it, plans the difference per cluster (read-only sessions, a bounded number of round trips), and
 * applies it as a rollout. Plans are the same {@link io.pgmob.managed.Plan}s the kinds' {@code
 * ensure} methods compute; see {@code docs/state.md}.
 */
@NullMarked
package io.pgmob.fleet.state;

import org.jspecify.annotations.NullMarked;
