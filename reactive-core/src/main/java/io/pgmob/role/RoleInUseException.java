package io.pgmob.role;

import io.pgmob.error.SqlStates;
import io.pgmob.error.PgmobException;
import org.jspecify.annotations.Nullable;

/**
 * A role cannot be dropped because objects depend on it (it owns objects or holds privileges,
 * SQLSTATE 2BP01). Nothing was dropped. Use {@link DropRoleOptions#reassignOwnedTo(String)} or
 * {@link DropRoleOptions#dropOwnedObjects()}.
 */
public class RoleInUseException extends PgmobException {

  /** A role that cannot be dropped; {@code statement} is the redacted {@code DROP ROLE}, {@code cause} the server error. */
  public RoleInUseException(String reason, @Nullable String cluster, @Nullable String statement,
      @Nullable Throwable cause) {
    super(reason, cluster, statement, SqlStates.DEPENDENT_OBJECTS_STILL_EXIST, cause);
  }
}
