package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** The server refused the credentials (wrong password, no pg_hba.conf entry ...). Not transient. */
public class AuthenticationFailedException extends ConnectionException {
  /** The server refused the credentials ({@code sqlState} class 28). */
  public AuthenticationFailedException(String reason, @Nullable String cluster, String sqlState,
      @Nullable Throwable cause) {
    super(reason, cluster, sqlState, cause);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
