package io.pgmob.fleet.state;

import io.pgmob.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A state file is invalid; nothing was contacted. The message names the file, the line and
 * column, and the field, for example {@code state.yaml:12:15: blocks[0].roles[1].password: a
 * password reference must be env:NAME or file:PATH (passwords are never written inline)}.
 */
public class StateFileException extends InvalidInputException {

  private final String source;
  private final int line;
  private final int column;
  private final @Nullable String field;

  /** A problem at {@code source:line:column} in {@code field} (line 0: unknown position). */
  public StateFileException(String source, int line, int column, @Nullable String field, String problem) {
    super(source + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field != null ? field + ": " : "") + problem);
    this.source = source;
    this.line = line;
    this.column = column;
    this.field = field;
  }

  /** The file name or {@code <string>}. */
  public String source() {
    return source;
  }

  /** 1-based line of the problem, 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, 0 when unknown. */
  public int column() {
    return column;
  }

  /** The field path, for example {@code blocks[0].roles[2].login}, when the problem is in one field. */
  public @Nullable String field() {
    return field;
  }
}
