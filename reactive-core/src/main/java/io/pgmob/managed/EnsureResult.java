package io.pgmob.managed;

import java.util.List;
import java.util.Objects;

/**
 * What an {@code ensure(spec)} call did: the object as it is now, the changes it applied (empty
 * when the server already matched the spec) and whether it created the object. A second run of
 * the same {@code ensure} returns no changes.
 *
 * @param object the object after the call
 * @param applied the changes that ran, in order (secrets redacted when printed)
 * @param created whether the object did not exist before
 * @param <T> the object type
 */
public record EnsureResult<T>(T object, List<Change> applied, boolean created) implements Changed {

  /**
   * Checks that the object is given and keeps an unmodifiable copy of the changes.
   *
   * @param object the object after the call
   * @param applied the changes that ran, in order (secrets redacted when printed)
   * @param created whether the object did not exist before
   */
  public EnsureResult {
    Objects.requireNonNull(object, "object");
    applied = List.copyOf(applied);
  }

  /** Whether anything changed on the server. */
  @Override
  public boolean changed() {
    return !applied.isEmpty();
  }

  /** {@return the descriptions of the changes, e.g. {@code set LOGIN on role "app"}} */
  public List<String> descriptions() {
    return applied.stream().map(Change::description).toList();
  }
}
