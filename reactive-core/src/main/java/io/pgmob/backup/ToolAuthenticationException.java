package io.pgmob.backup;

import io.pgmob.os.CommandResult;
import io.pgmob.os.OsCommandFailedException;
import org.jspecify.annotations.Nullable;

/**
 * pg_dump or pg_restore, run on the server host, could not log in to the server: the message says
 * how it connected, which pg_hba.conf rule asked for what, and how to let it in (a rule placed
 * before that one, or a password the tool can find without a prompt). The tool's own output is
 * in {@link #output()}.
 */
public class ToolAuthenticationException extends OsCommandFailedException {

  /** {@code explanation} says what the tool needed and how to provide it. */
  public ToolAuthenticationException(String explanation, CommandResult result, @Nullable String cluster) {
    super(explanation, result, cluster);
  }
}
