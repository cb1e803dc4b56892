package io.pgmob.fleet.state;

import io.pgmob.fleet.inventory.LocatedInputException;
import org.jspecify.annotations.Nullable;

/**
 * A state file is invalid; nothing was contacted. The message names the file, the line and
 * column, and the field, for example {@code state.yaml:12:15: blocks[0].roles[1].password: a
 * password reference must be env:NAME or file:PATH (passwords are never written inline)}.
 */
public class StateFileException extends LocatedInputException {

  /** A problem at {@code source:line:column} in {@code field} (line 0: unknown position). */
  public StateFileException(String source, int line, int column, @Nullable String field, String problem) {
    super(source, line, column, field, problem);
  }
}
