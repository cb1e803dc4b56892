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

  /** 08006, {@code connection_failure}: also what pgmob reports for a connection refused, timed out or lost in flight. */
  public static final String CONNECTION_FAILURE = "08006";
  /** 0A000, {@code feature_not_supported}. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  /** 25001, {@code active_sql_transaction}: a statement that cannot run inside a transaction block. */
  public static final String ACTIVE_SQL_TRANSACTION = "25001";
  /** 25006, {@code read_only_sql_transaction}: a write in a read-only transaction (how {@code fleet query} refuses writes). */
  public static final String READ_ONLY_SQL_TRANSACTION = "25006";
  /** 25P02, {@code in_failed_sql_transaction}: a statement after an error in the same transaction. */
  public static final String IN_FAILED_SQL_TRANSACTION = "25P02";
  /** 2BP01, {@code dependent_objects_still_exist}: a drop refused because other objects depend on the object. */
  public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
  /** 40001, {@code serialization_failure}: transient. */
  public static final String SERIALIZATION_FAILURE = "40001";
  /** 40003, {@code statement_completion_unknown}: transient. */
  public static final String STATEMENT_COMPLETION_UNKNOWN = "40003";
  /** 40P01, {@code deadlock_detected}: transient. */
  public static final String DEADLOCK_DETECTED = "40P01";
  /** 42501, {@code insufficient_privilege}. */
  public static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** 42710, {@code duplicate_object}. */
  public static final String DUPLICATE_OBJECT = "42710";
  /** 42704, {@code undefined_object}. */
  public static final String UNDEFINED_OBJECT = "42704";
  /** 42P01, {@code undefined_table}. */
  public static final String UNDEFINED_TABLE = "42P01";
  /** 53000, {@code insufficient_resources}: class 53; transient. */
  public static final String INSUFFICIENT_RESOURCES = "53000";
  /** 53200, {@code out_of_memory}: transient. */
  public static final String OUT_OF_MEMORY = "53200";
  /** 53300, {@code too_many_connections}: {@code max_connections} reached; transient. */
  public static final String TOO_MANY_CONNECTIONS = "53300";
  /** 55000, {@code object_not_in_prerequisite_state}. */
  public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
  /** 55006, {@code object_in_use}: for example a database with other sessions. */
  public static final String OBJECT_IN_USE = "55006";
  /** 55P03, {@code lock_not_available}: {@code lock_timeout} or {@code NOWAIT}; transient. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  /** 57014, {@code query_canceled}: a cancelled statement, also a statement timeout. */
  public static final String QUERY_CANCELED = "57014";
  /** 57P01, {@code admin_shutdown}: the server is shutting down or terminated the session; transient. */
  public static final String ADMIN_SHUTDOWN = "57P01";
  /** 57P02, {@code crash_shutdown}: transient. */
  public static final String CRASH_SHUTDOWN = "57P02";
  /** 57P03, {@code cannot_connect_now}: the server is starting up; transient. */
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
