package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/**
 * The connection broke while a statement was in flight: whether the statement took effect is
 * unknown. Reconcile by reading the catalog before repeating it.
 */
public class ConnectionLostException extends ConnectionException {
  /** The connection broke with {@code statement} (redacted) in flight. */
  public ConnectionLostException(String reason, @Nullable String cluster, @Nullable String statement,
      @Nullable Throwable cause) {
    super(reason, cluster, statement, SqlStates.CONNECTION_FAILURE, cause);
  }

  /** Always true: the statement may or may not have been applied. */
  public boolean effectUnknown() {
    return true;
  }
}
