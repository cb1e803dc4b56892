package io.pgmob.error;

import org.jspecify.annotations.Nullable;

/** The server answered a statement with an error. */
public class ServerErrorException extends PgmobException {
  /** The server's DETAIL field, redacted, or null. */
  private final @Nullable String detail;
  /** The server's HINT field, or null. */
  private final @Nullable String hint;

  /** A server error with its SQLSTATE and fields; {@code statement} already redacted. */
  public ServerErrorException(String serverMessage, String sqlState, @Nullable String detail,
      @Nullable String hint, @Nullable String cluster, @Nullable String statement, @Nullable Throwable cause) {
    super(serverMessage + (detail != null ? " (" + detail + ")" : "") + (hint != null ? " Hint: " + hint : ""),
        cluster, statement, sqlState, cause);
    this.detail = detail;
    this.hint = hint;
  }

  /** {@return the server's DETAIL field} */
  public @Nullable String detail() {
    return detail;
  }

  /** {@return the server's HINT field} */
  public @Nullable String hint() {
    return hint;
  }
}
