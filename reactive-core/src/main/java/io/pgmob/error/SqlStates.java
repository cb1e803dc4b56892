package io.pgmob.error;

import java.util.Set;

/**
 * SQLSTATE codes pgmob cares about, and the one place that says which failures are transient
 * (worth retrying with backoff) and which would only repeat.
 */
public final class SqlStates {

  public static final String SUCCESSFUL_COMPLETION = "00000";
  public static final String CONNECTION_EXCEPTION = "08000";
  public static final String CONNECTION_DOES_NOT_EXIST = "08003";
  public static final String CONNECTION_FAILURE = "08006";
  public static final String SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION = "08001";
  public static final String PROTOCOL_VIOLATION = "08P01";
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  public static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";
  public static final String INVALID_PASSWORD = "28P01";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String DEADLOCK_DETECTED = "40P01";
  public static final String INSUFFICIENT_PRIVILEGE = "42501";
  public static final String DUPLICATE_OBJECT = "42710";
  public static final String DUPLICATE_DATABASE = "42P04";
  public static final String DUPLICATE_SCHEMA = "42P06";
  public static final String DUPLICATE_TABLE = "42P07";
  public static final String UNDEFINED_OBJECT = "42704";
  public static final String UNDEFINED_TABLE = "42P01";
  public static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
  public static final String OBJECT_IN_USE = "55006";
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
  public static final String TOO_MANY_CONNECTIONS = "53300";
  public static final String QUERY_CANCELED = "57014";
  public static final String ADMIN_SHUTDOWN = "57P01";
  public static final String CRASH_SHUTDOWN = "57P02";
  public static final String CANNOT_CONNECT_NOW = "57P03";
  public static final String TUPLE_CONCURRENTLY_UPDATED = "XX000";

  private static final Set<String> TRANSIENT = Set.of(
      SERIALIZATION_FAILURE, DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE, TOO_MANY_CONNECTIONS,
      ADMIN_SHUTDOWN, CRASH_SHUTDOWN, CANNOT_CONNECT_NOW, "53000", "53200", "40003");

  private SqlStates() {}

  /**
   * Whether an error with this SQLSTATE may go away when the operation is repeated: connection
   * failures (class 08), serialization failures and deadlocks, lock timeouts, too many
   * connections or out of resources, server shutting down or starting up. Everything else
   * (syntax, privileges, missing or duplicate objects, authentication) would repeat.
   */
  public static boolean isTransient(String sqlState) {
    return sqlState.startsWith("08") || TRANSIENT.contains(sqlState);
  }

  /** Whether the SQLSTATE is in class 08 (connection exception). */
  public static boolean isConnectionError(String sqlState) {
    return sqlState.startsWith("08");
  }
}
