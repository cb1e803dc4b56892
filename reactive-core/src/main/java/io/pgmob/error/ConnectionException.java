package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** Connecting failed, or an open connection broke. */
public class ConnectionException extends PgmobException {
  /** A connection failure outside any statement. */
  public ConnectionException(String reason, @Nullable String cluster, @Nullable String sqlState,
      @Nullable Throwable cause) {
    super(reason, cluster, null, sqlState, cause);
  }

  /** A connection failure while {@code statement} (redacted) ran. */
  public ConnectionException(String reason, @Nullable String cluster, @Nullable String statement,
      @Nullable String sqlState, @Nullable Throwable cause) {
    super(reason, cluster, statement, sqlState, cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
