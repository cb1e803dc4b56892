package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** No usable answer within the connect timeout. */
public class ConnectTimeoutException extends ConnectionException {
  /** No usable answer within the connect timeout. */
  public ConnectTimeoutException(String reason, @Nullable String cluster, @Nullable Throwable cause) {
    super(reason, cluster, SqlStates.CONNECTION_FAILURE, cause);
  }
}
