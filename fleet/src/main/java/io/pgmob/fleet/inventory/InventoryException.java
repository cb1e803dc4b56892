package io.pgmob.fleet.inventory;

import org.jspecify.annotations.Nullable;

/**
 * An inventory file (or inventory built in code) is invalid. The message names the source, the
 * line and column, and the field, for example {@code fleet.yaml:12:11: targets[3].port: must be
 * between 1 and 65535, got 70000}.
 */
public class InventoryException extends LocatedInputException {

  /** A problem at {@code source:line:column} in {@code field} (line 0: unknown position). */
  public InventoryException(String source, int line, int column, @Nullable String field, String problem) {
    super(source, line, column, field, problem);
  }
}
