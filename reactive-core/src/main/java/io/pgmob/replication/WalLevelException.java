package io.pgmob.replication;

import io.pgmob.error.SqlStates;
import io.pgmob.error.PgmobException;
import org.jspecify.annotations.Nullable;

/**
 * A logical replication slot was requested on a server whose {@code wal_level} is below {@code
 * logical}. Nothing was created. Set {@code wal_level = logical} and restart the server.
 */
public class WalLevelException extends PgmobException {

  /** The server's {@code wal_level}. */
  private final String walLevel;

  /** Creates the exception; see the class description. */
  public WalLevelException(String slot, String walLevel, @Nullable String cluster) {
    super("cannot create logical replication slot \"" + slot + "\": the server runs with wal_level=" + walLevel
        + ", logical decoding needs wal_level=logical (set it and restart the server)", cluster, null, SqlStates.OBJECT_NOT_IN_PREREQUISITE_STATE, null);
    this.walLevel = walLevel;
  }

  /** {@return the server's {@code wal_level}} */
  public String walLevel() {
    return walLevel;
  }
}
