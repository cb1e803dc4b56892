package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** The role lacks a privilege the statement needs (SQLSTATE 42501). */
public class InsufficientPrivilegeException extends ServerErrorException {
  /** A 42501 error from the server. */
  public InsufficientPrivilegeException(String serverMessage, @Nullable String detail, @Nullable String hint,
      @Nullable String cluster, @Nullable String statement, @Nullable Throwable cause) {
    super(serverMessage, SqlStates.INSUFFICIENT_PRIVILEGE, detail, hint, cluster, statement, cause);
  }
}
