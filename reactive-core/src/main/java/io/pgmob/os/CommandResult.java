package io.pgmob.os;

import java.util.List;
import java.util.Objects;

/**
 * What an OS command did.
 *
 * @param exitCode the command's exit status (0 = success)
 * @param output its standard output and standard error, interleaved as written, decoded as UTF-8
 */
public record CommandResult(int exitCode, String output) {

  /** Checks that the output is not null. */
  public CommandResult {
    Objects.requireNonNull(output, "output");
  }

  /** {@return whether the command exited with status 0} */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** {@return the output split into lines (without line terminators; no trailing empty line)} */
  public List<String> lines() {
    if (output.isEmpty()) {
      return List.of();
    }
    String s = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
    return List.of(s.split("\n", -1));
  }
}
