package io.pgmob.database;

import io.pgmob.error.SqlStates;
import io.pgmob.error.PgmobException;
import org.jspecify.annotations.Nullable;

/**
 * A database could not be dropped, renamed or moved because other sessions are connected to it.
 * Nothing was changed. Drop with {@code terminateSessions} to end them first.
 */
public class DatabaseInUseException extends PgmobException {

  /** The database that other sessions are connected to. */
  private final String database;

  /** Creates the exception; see the class description. */
  public DatabaseInUseException(String database, boolean dropping, @Nullable String serverDetail,
      @Nullable String cluster, @Nullable String statement, @Nullable Throwable cause) {
    super("database \"" + database + "\" is in use by other sessions" + (serverDetail == null ? "" : " (" + serverDetail + ")")
        + "; nothing was changed. " + (dropping ? "Use drop(true) to terminate its sessions first"
        : "Terminate its sessions (cluster.terminate(TerminateFilter.databases(...))) and try again"),
        cluster, statement, SqlStates.OBJECT_IN_USE, cause);
    this.database = database;
  }

  /** {@return the database's name} */
  public String database() {
    return database;
  }
}
