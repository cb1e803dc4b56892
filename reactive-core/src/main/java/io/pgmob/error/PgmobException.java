package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/**
 * Base of every pgmob exception. Carries the cluster it happened on, the statement that failed
 * (with secrets redacted) and the SQLSTATE when the server sent one. Never holds a password.
 */
public class PgmobException extends RuntimeException {

  /** The cluster's name, or null. */
  private final @Nullable String cluster;
  /** The statement that failed, already redacted, or null. */
  private final @Nullable String statement;
  /** The SQLSTATE, or null. */
  private final @Nullable String sqlState;
  /** The message without cluster and statement. */
  private final String reason;

  /** An exception with only a reason (no cluster, statement or SQLSTATE). */
  public PgmobException(String reason) {
    this(reason, null, null, null, null);
  }

  /** An exception; {@code statement} must already be redacted. */
  public PgmobException(String reason, @Nullable String cluster, @Nullable String statement,
      @Nullable String sqlState, @Nullable Throwable cause) {
    super(compose(reason, cluster, statement, sqlState), cause);
    this.reason = reason;
    this.cluster = cluster;
    this.statement = statement;
    this.sqlState = sqlState;
  }

  private static String compose(String reason, @Nullable String cluster, @Nullable String statement,
      @Nullable String sqlState) {
    StringBuilder sb = new StringBuilder();
    if (cluster != null) {
      sb.append('[').append(cluster).append("] ");
    }
    sb.append(reason);
    if (sqlState != null) {
      sb.append(" (SQLSTATE ").append(sqlState).append(')');
    }
    if (statement != null) {
      String s = statement.length() > 500 ? statement.substring(0, 500) + "..." : statement;
      sb.append("\n  in: ").append(s);
    }
    return sb.toString();
  }

  /** {@return the message without cluster and statement} */
  public String reason() {
    return reason;
  }

  /** {@return the cluster's display name, if known} */
  public @Nullable String cluster() {
    return cluster;
  }

  /** {@return the failed statement with secrets redacted, if there was one} */
  public @Nullable String statement() {
    return statement;
  }

  /** {@return the five-character SQLSTATE the server sent, if any} */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /** {@return whether repeating the operation may succeed (connection trouble, serialization failure ...)} */
  public boolean isTransient() {
    return sqlState != null && SqlStates.isTransient(sqlState);
  }
}
