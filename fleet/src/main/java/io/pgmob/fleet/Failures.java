package io.pgmob.fleet;

import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.ConnectionException;
import io.pgmob.error.ConnectionLostException;
import io.pgmob.error.PgmobException;
import io.pgmob.error.SqlStates;
import org.jspecify.annotations.Nullable;

/**
 * The fleet engine's one classification of failures: which are transient (retried with backoff),
 * which leave the effect unknown (reconciled before any retry), and the SQLSTATE to report. It
 * builds on {@link SqlStates#isTransient}, the project's single SQLSTATE table.
 */
public final class Failures {

  private Failures() {}

  /**
   * Whether repeating may succeed: a {@link PgmobException} whose SQLSTATE is transient
   * (class 08 connection failures, 40001, 40P01, 55P03, 53300, 53000, 53200, 57P01-57P03), except
   * authentication failures. Timeouts of the operation itself are not transient (they would
   * likely repeat).
   *
   * @param t a cluster's failure
   * @return whether to retry it
   */
  public static boolean isTransient(@Nullable Throwable t) {
    if (t instanceof EffectUnknownException || t instanceof AuthenticationFailedException
        || t instanceof OperationTimeoutException) {
      return false;
    }
    if (t instanceof PgmobException p) {
      return p.isTransient();
    }
    return false;
  }

  /**
   * Whether the failure happened after the statement was sent, so its effect is unknown.
   *
   * @param t a cluster's failure
   * @return whether it happened after the statement was sent
   */
  public static boolean isEffectUnknown(@Nullable Throwable t) {
    return t instanceof ConnectionLostException;
  }

  /**
   * Whether the session is broken and a new one must be opened before the next attempt.
   *
   * @param t a failure on a session
   * @return whether that session must not be used again
   */
  public static boolean breaksSession(@Nullable Throwable t) {
    return t instanceof ConnectionException;
  }

  /**
   * The SQLSTATE to report for {@code t}, or null.
   *
   * @param t a failure
   * @return its SQLSTATE: the server's, or the one pgmob gives a client-side failure
   */
  public static @Nullable String sqlState(@Nullable Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgmobException p && p.sqlState() != null) {
        return p.sqlState();
      }
    }
    return null;
  }

  /** The operation failed after a lost connection and could not tell whether it had taken effect. */
  public static class EffectUnknownException extends PgmobException {
    /**
     * An effect-unknown failure on {@code cluster}, caused by the lost connection.
     *
     * @param cluster the cluster's name
     * @param cause the lost connection
     */
    public EffectUnknownException(String cluster, Throwable cause) {
      super("effect unknown: the connection broke while the operation was in flight and the operation"
          + " cannot reconcile (read the catalog) to tell whether it took effect; not retried",
          cluster, null, SqlStates.CONNECTION_FAILURE, cause);
    }

    /**
     * An effect-unknown failure on {@code cluster} saying {@code why}.
     *
     * @param cluster the cluster's name
     * @param why why the effect is unknown
     * @param cause the failure
     */
    public EffectUnknownException(String cluster, String why, Throwable cause) {
      super("effect unknown: " + why, cluster, null, SqlStates.CONNECTION_FAILURE, cause);
    }
  }

  /** The operation did not finish within the per-operation timeout; it was cancelled on the server. */
  public static class OperationTimeoutException extends PgmobException {
    /**
     * A timeout of one attempt on {@code cluster}.
     *
     * @param cluster the cluster's name
     * @param timeout the limit the attempt passed
     */
    public OperationTimeoutException(String cluster, java.time.Duration timeout) {
      super("the operation did not finish within " + timeout.toMillis() + " ms and was cancelled on the server",
          cluster, null, SqlStates.QUERY_CANCELED, null);
    }
  }

  /** A rollout found the cluster locked by another rollout. */
  public static class LockedException extends PgmobException {
    /**
     * The rollout lock on {@code cluster} is held elsewhere.
     *
     * @param cluster the cluster's name
     */
    public LockedException(String cluster) {
      super("locked by another rollout (advisory lock held)", cluster, null, null, null);
    }
  }
}
