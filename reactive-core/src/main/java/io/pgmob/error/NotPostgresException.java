package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** Something answered at the address, but it does not speak the PostgreSQL protocol. Not transient. */
public class NotPostgresException extends ConnectionException {
  /** The peer does not speak the PostgreSQL protocol. */
  public NotPostgresException(String reason, @Nullable String cluster, @Nullable Throwable cause) {
    super(reason, cluster, null, cause);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
