package io.pgmob.os;

import io.pgmob.error.PgmobException;
import org.jspecify.annotations.Nullable;

/** An OS command ran and exited with a non-zero status. Carries the status and the output. */
public class OsCommandFailedException extends PgmobException {

  /** The exit status and output of the command. */
  private final CommandResult result;

  /** {@code what} names the command for the message; the output tail is included. */
  public OsCommandFailedException(String what, CommandResult result, @Nullable String cluster) {
    super(what + " exited with status " + result.exitCode() + ": " + tail(result.output()),
        cluster, null, null, null);
    this.result = result;
  }

  private static String tail(String output) {
    String s = output.strip();
    return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
  }

  /** {@return the exit status} */
  public int exitCode() {
    return result.exitCode();
  }

  /** Standard output and error of the command. */
  public String output() {
    return result.output();
  }

  /** {@return the whole result} */
  public CommandResult result() {
    return result;
  }
}
