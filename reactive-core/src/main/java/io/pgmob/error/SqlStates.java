package io.pgmob.error;

import java.util.Set;

/**
 * SQLSTATE codes pgmob cares about (the only SQLSTATE literals in the code base), and the one place that says which failures are transient
 * (worth retrying with backoff) and which would only repeat.
 */
public final class SqlStates {

  /** Class 08: connection exception. */
  public static final String CLASS_CONNECTION_EXCEPTION = "08";
  /** Class 28: invalid authorization specification (authentication failed). */
  public static final String CLASS_INVALID_AUTHORIZATION = "28";

  public static final String CONNECTION_FAILURE = "08006";
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  public static final String ACTIVE_SQL_TRANSACTION = "25001";
  public static final String READ_ONLY_SQL_TRANSACTION = "25006";
  public static final String IN_FAILED_SQL_TRANSACTION = "25P02";
  public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String STATEMENT_COMPLETION_UNKNOWN = "40003";
  public static final String DEADLOCK_DETECTED = "40P01";
  public static final String INSUFFICIENT_PRIVILEGE = "42501";
  public static final String DUPLICATE_OBJECT = "42710";
  public static final String UNDEFINED_OBJECT = "42704";
  public static final String UNDEFINED_TABLE = "42P01";
  public static final String INSUFFICIENT_RESOURCES = "53000";
  public static final String OUT_OF_MEMORY = "53200";
  public static final String TOO_MANY_CONNECTIONS = "53300";
  public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
  public static final String OBJECT_IN_USE = "55006";
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  public static final String QUERY_CANCELED = "57014";
  public static final String ADMIN_SHUTDOWN = "57P01";
  public static final String CRASH_SHUTDOWN = "57P02";
  public static final String CANNOT_CONNECT_NOW = "57P03";
  /** XX000, {@code internal_error}: also what "tuple concurrently updated" is raised with. */
  public static final String INTERNAL_ERROR = "XX000";

  private static final Set<String> TRANSIENT = Set.of(
      SERIALIZATION_FAILURE, DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE, TOO_MANY_CONNECTIONS,
      ADMIN_SHUTDOWN, CRASH_SHUTDOWN, CANNOT_CONNECT_NOW, INSUFFICIENT_RESOURCES, OUT_OF_MEMORY,
      STATEMENT_COMPLETION_UNKNOWN);

  private SqlStates() {}

  /**
   * Whether an error with this SQLSTATE may go away when the operation is repeated: connection
   * failures (class 08), serialization failures and deadlocks, lock timeouts, too many
   * connections or out of resources, server shutting down or starting up. Everything else
   * (syntax, privileges, missing or duplicate objects, authentication) would repeat.
   */
  public static boolean isTransient(String sqlState) {
    return isConnectionError(sqlState) || TRANSIENT.contains(sqlState);
  }

  /** Whether the SQLSTATE is in class 08 (connection exception). */
  public static boolean isConnectionError(String sqlState) {
    return sqlState.startsWith(CLASS_CONNECTION_EXCEPTION);
  }
}
