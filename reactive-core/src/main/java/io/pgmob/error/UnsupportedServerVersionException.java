package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** The server's version is older than pgmob supports (PostgreSQL 10), or a feature needs a newer one. */
public class UnsupportedServerVersionException extends PgmobException {
  /** The server's {@code server_version_num}. */
  private final int serverVersionNum;

  /** A server older than supported; {@code serverVersionNum} as in {@code server_version_num}. */
  public UnsupportedServerVersionException(String reason, int serverVersionNum, @Nullable String cluster) {
    super(reason, cluster, null, SqlStates.FEATURE_NOT_SUPPORTED, null);
    this.serverVersionNum = serverVersionNum;
  }

  /** {@return {@code server_version_num}, for example {@code 90624}} */
  public int serverVersionNum() {
    return serverVersionNum;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
