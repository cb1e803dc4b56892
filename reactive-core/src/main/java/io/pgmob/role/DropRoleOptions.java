package io.pgmob.role;

import io.pgmob.sql.Identifier;
import org.jspecify.annotations.Nullable;

/**
 * What to do, before {@code DROP ROLE}, with the objects the role owns and the privileges it
 * holds. {@code REASSIGN OWNED} and {@code DROP OWNED} act on one database at a time, so with
 * either option they run in every database of the cluster that accepts connections (each
 * database in its own transaction), then the role is dropped.
 *
 * @param reassignOwnedTo give the role's objects to this role first ({@code REASSIGN OWNED BY ... TO ...})
 * @param dropOwned drop the objects the role still owns and revoke its privileges ({@code DROP OWNED BY ...})
 */
public record DropRoleOptions(@Nullable String reassignOwnedTo, boolean dropOwned) {

  /**
   * Checks the name of the role to reassign owned objects to.
   *
   * @param reassignOwnedTo give the role's objects to this role first ({@code REASSIGN OWNED BY ... TO ...})
   * @param dropOwned drop the objects the role still owns and revoke its privileges ({@code DROP OWNED BY ...})
   */
  public DropRoleOptions {
    if (reassignOwnedTo != null) {
      Identifier.validate(reassignOwnedTo, "role to reassign owned objects to");
    }
  }

  /** Plain {@code DROP ROLE}: fails with {@link RoleInUseException} if the role owns anything. */
  public static DropRoleOptions none() {
    return new DropRoleOptions(null, false);
  }

  /** Reassign owned objects to {@code newOwner}, then drop what remains (privileges), then the role. */
  public static DropRoleOptions reassignOwnedTo(String newOwner) {
    return new DropRoleOptions(newOwner, true);
  }

  /** Drop every object the role owns and its privileges, in every database, then the role. */
  public static DropRoleOptions dropOwnedObjects() {
    return new DropRoleOptions(null, true);
  }

  boolean touchesDatabases() {
    return reassignOwnedTo != null || dropOwned;
  }
}
