package io.pgmob.fleet.inventory;

import io.pgmob.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A file an operator wrote (an inventory, a state file) is invalid. The message names the source,
 * the line and column, and the field, for example {@code fleet.yaml:12:11: targets[3].port: must
 * be between 1 and 65535, got 70000}; the accessors give each part.
 */
public class LocatedInputException extends InvalidInputException {

  /** The file's name as given. */
  private final String source;
  /** The line, from 1; 0 when unknown. */
  private final int line;
  /** The column, from 1. */
  private final int column;
  /** The field's path, for example {@code targets[3].port}; null for the file as a whole. */
  private final @Nullable String field;

  /**
   * A problem at {@code source:line:column} in {@code field} (line 0: unknown position).
   *
   * @param source the file's name as given
   * @param line the line, from 1; 0 when unknown
   * @param column the column, from 1
   * @param field the field's path, or null for the file as a whole
   * @param problem what is wrong
   */
  public LocatedInputException(String source, int line, int column, @Nullable String field, String problem) {
    super(source + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field != null ? field + ": " : "") + problem);
    this.source = source;
    this.line = line;
    this.column = column;
    this.field = field;
  }

  /** {@return the file name, or a placeholder such as {@code <code>} for input built in code} */
  public String source() {
    return source;
  }

  /**
   * 1-based line of the problem, 0 when unknown.
   *
   * @return the 1-based line of the problem, 0 when unknown
   */
  public int line() {
    return line;
  }

  /**
   * 1-based column of the problem, 0 when unknown.
   *
   * @return the 1-based column of the problem, 0 when unknown
   */
  public int column() {
    return column;
  }

  /** {@return the field path, for example {@code targets[3].port}, when the problem is in one field} */
  public @Nullable String field() {
    return field;
  }
}
