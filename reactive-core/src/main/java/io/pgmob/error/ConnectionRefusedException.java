package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** Nothing accepts connections at the address (refused, unknown host, unreachable). */
public class ConnectionRefusedException extends ConnectionException {
  /** Nothing accepted the connection. */
  public ConnectionRefusedException(String reason, @Nullable String cluster, @Nullable Throwable cause) {
    super(reason, cluster, SqlStates.CONNECTION_FAILURE, cause);
  }
}
