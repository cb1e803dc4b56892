package io.pgmob.managed;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of changes that have not run. Immutable; printing it never shows a secret.
 *
 * @param changes in the order they would run
 */
public record Plan(List<Change> changes) {

  private static final Plan EMPTY = new Plan(List.of());

  /**
   * Keeps an unmodifiable copy of the changes.
   *
   * @param changes in the order they would run
   */
  public Plan {
    changes = List.copyOf(changes);
  }

  /** {@return the plan with no changes} */
  public static Plan empty() {
    return EMPTY;
  }

  /** A plan of these changes, in order. */
  public static Plan of(Change... changes) {
    return new Plan(List.of(changes));
  }

  /** {@return whether the plan changes nothing} */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** {@return the number of changes} */
  public int size() {
    return changes.size();
  }

  /** This plan followed by {@code change}. */
  public Plan plus(Change change) {
    List<Change> l = new ArrayList<>(changes);
    l.add(change);
    return new Plan(l);
  }

  /** This plan followed by {@code other}. */
  public Plan plus(Plan other) {
    List<Change> l = new ArrayList<>(changes);
    l.addAll(other.changes);
    return new Plan(l);
  }

  /** {@return the statements as they may be printed (secrets redacted), each ending with {@code ;}} */
  public List<String> statements() {
    return changes.stream().map(c -> c.statement() + ";").toList();
  }

  /** One statement per line, secrets redacted. */
  @Override
  public String toString() {
    return String.join("\n", statements());
  }
}
