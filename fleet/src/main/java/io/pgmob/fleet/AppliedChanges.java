package io.pgmob.fleet;

import io.pgmob.managed.Change;
import java.util.List;

/**
 * The value of a plan-based operation ({@link FleetOperation#ofPlan}): the changes it applied.
 *
 * @param changes applied, in order; empty when the plan was empty
 * @param confirmedAfterLoss true when the connection broke in flight and re-reading the catalog
 *     showed the plan had been applied (the changes themselves are then not known)
 */
public record AppliedChanges(List<Change> changes, boolean confirmedAfterLoss) implements io.pgmob.managed.Changed {

  /**
   * Keeps an unmodifiable copy of the changes.
   *
   * @param changes applied, in order; empty when the plan was empty
   * @param confirmedAfterLoss true when the connection broke in flight and re-reading the catalog showed the plan had been applied (the changes themselves are then not known)
   */
  public AppliedChanges {
    changes = List.copyOf(changes);
  }

  /** Changed when any change was applied or a lost attempt was confirmed applied. */
  @Override
  public boolean changed() {
    return !changes.isEmpty() || confirmedAfterLoss;
  }

  /** The applied statements, secrets redacted. */
  @Override
  public String toString() {
    return confirmedAfterLoss && changes.isEmpty()
        ? "applied (confirmed from the catalog after a lost connection)"
        : changes.stream().map(c -> c.statement()).toList().toString();
  }
}
