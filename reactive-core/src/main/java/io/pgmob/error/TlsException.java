package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/**
 * TLS could not be set up as the connection's {@code sslmode} demands: the server offers no TLS,
 * its certificate is not signed by a trusted authority, or it does not name the host. Not
 * transient: trying again meets the same certificate.
 */
public class TlsException extends ConnectionException {
  /** A TLS failure while connecting to {@code cluster}. */
  public TlsException(String reason, @Nullable String cluster, @Nullable Throwable cause) {
    super(reason, cluster, SqlStates.CONNECTION_FAILURE, cause);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
