package io.pgmob.objects;

import io.pgmob.managed.Change;
import java.util.List;
import java.util.Objects;

/**
 * What {@code ensure(spec)} did: the object as it is now, the changes that ran (empty when the
 * server already matched the spec), and whether the object was created.
 *
 * @param object the refreshed snapshot
 * @param applied the changes that ran, in order
 * @param created whether the object did not exist before
 * @param <T> the snapshot type
 */
public record EnsureResult<T>(T object, List<Change> applied, boolean created) {

  public EnsureResult {
    Objects.requireNonNull(object, "object");
    applied = List.copyOf(applied);
  }

  /** Whether anything was changed on the server. */
  public boolean changed() {
    return !applied.isEmpty();
  }
}
