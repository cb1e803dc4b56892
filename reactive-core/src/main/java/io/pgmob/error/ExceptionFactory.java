package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/**
 * The one place that turns a server's SQLSTATE into a pgmob exception type: exact codes first,
 * then the two-letter class, then {@link ServerErrorException}. Nothing else classifies errors by
 * SQLSTATE; the kinds add only their own wording (for example {@code RoleInUseException} for
 * {@link SqlStates#DEPENDENT_OBJECTS_STILL_EXIST} on {@code DROP ROLE}).
 *
 * <p>Every text given here is already redacted.
 */
public final class ExceptionFactory {

  private ExceptionFactory() {}

  /**
   * The exception for a server error answering {@code statement}: {@link
   * InsufficientPrivilegeException} for 42501, {@link ConnectionLostException} for 57P01 and
   * class 08, otherwise {@link ServerErrorException}.
   */
  public static PgmobException statementError(String sqlState, String message, @Nullable String detail,
      @Nullable String hint, @Nullable String cluster, @Nullable String statement, @Nullable Throwable cause) {
    switch (sqlState) {
      case SqlStates.INSUFFICIENT_PRIVILEGE:
        return new InsufficientPrivilegeException(message, detail, hint, cluster, statement, cause);
      case SqlStates.ADMIN_SHUTDOWN:
        return new ConnectionLostException(message, cluster, statement, cause);
      default:
        break;
    }
    if (SqlStates.isConnectionError(sqlState)) {
      return new ConnectionLostException(message, cluster, statement, cause);
    }
    return new ServerErrorException(message, sqlState, detail, hint, cluster, statement, cause);
  }

  /**
   * The exception for a server error while opening a session to {@code address}: {@link
   * ConnectionException} for 53300, 57P01 and 57P03 (the server refused the session), {@link
   * AuthenticationFailedException} for class 28, otherwise as {@link #statementError}.
   */
  public static PgmobException connectError(String sqlState, String message, @Nullable String detail,
      @Nullable String hint, @Nullable String cluster, String address, @Nullable Throwable cause) {
    switch (sqlState) {
      case SqlStates.TOO_MANY_CONNECTIONS:
      case SqlStates.CANNOT_CONNECT_NOW:
      case SqlStates.ADMIN_SHUTDOWN:
        return new ConnectionException("the server at " + address + " refused the session: " + message, cluster,
            sqlState, cause);
      default:
        break;
    }
    if (sqlState.startsWith(SqlStates.CLASS_INVALID_AUTHORIZATION)) {
      return new AuthenticationFailedException("authentication failed at " + address + ": " + message, cluster,
          sqlState, cause);
    }
    return statementError(sqlState, message, detail, hint, cluster, null, cause);
  }
}
