package io.pgmob.fleet.state;

import io.pgmob.managed.Changed;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.sql.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one cluster needs to match the state file: steps, each a {@link Plan} for one session.
 * The cluster-wide step (roles, memberships, databases and their privileges) runs on the target's
 * own session; a step naming a database (its schemas and schema privileges, or the objects of a
 * role about to be dropped) runs on a session to that database; the roles {@code exclusive} drops
 * go last. Printing it never shows a secret.
 *
 * @param target the target's name
 * @param steps the non-empty steps in the order they run; none when the cluster matches the file
 */
public record ClusterPlan(String target, List<Step> steps) implements Changed {

  /**
   * Checks the target and keeps an unmodifiable copy of the steps.
   *
   * @param target the target's name
   * @param steps the non-empty steps in the order they run; none when the cluster matches the file
   */
  public ClusterPlan {
    Objects.requireNonNull(target, "target");
    steps = List.copyOf(steps);
  }

  /**
   * One session's share of the plan.
   *
   * @param database the database to connect to, or null for the target's own session
   * @param plan the changes, in order
   */
  public record Step(@Nullable String database, Plan plan) {
    /**
     * Checks that the plan is given.
     *
     * @param database the database to connect to, or null for the target's own session
     * @param plan the changes, in order
     */
    public Step {
      Objects.requireNonNull(plan, "plan");
    }
  }

  /** Whether the cluster differs from the file (a plan, not an applied change). */
  @Override
  public boolean changed() {
    return !steps.isEmpty();
  }

  /** {@return whether the cluster matches the file} */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** {@return the number of changes over all steps} */
  public int size() {
    return steps.stream().mapToInt(s -> s.plan().size()).sum();
  }

  /**
   * The statements, secrets redacted, each step on another session introduced by a line {@code
   * -- in database "name"}. Two clusters with equal lines need the same changes.
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Step s : steps) {
      if (s.database() != null) {
        out.add("-- in database " + Identifier.of(s.database()).text());
      }
      out.addAll(s.plan().statements());
    }
    return out;
  }

  /** {@return all changes as one plan (a database step's descriptions say which database), for dry runs} */
  public Plan flat() {
    List<Change> out = new ArrayList<>();
    for (Step s : steps) {
      for (Change c : s.plan().changes()) {
        out.add(s.database() == null ? c : new Change("in database " + Identifier.of(s.database()).text() + ": "
            + c.description(), c.sql(), c.transactional()));
      }
    }
    return new Plan(out);
  }

  @Override
  public String toString() {
    return target + (steps.isEmpty() ? ": no change" : ":\n  " + String.join("\n  ", lines()));
  }
}
