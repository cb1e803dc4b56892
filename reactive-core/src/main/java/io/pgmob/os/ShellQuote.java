package io.pgmob.os;

import io.pgmob.sql.SqlText;
import io.pgmob.error.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Quotes words for exactly one POSIX shell layer. The one place pgmob quotes shell text.
 *
 * <pre>{@code
 * ShellQuote.quote("it's $(here)");   // 'it'\''s $(here)'
 * }</pre>
 *
 * <p>Every word is single-quoted, even when it would be safe bare: inside single quotes the shell
 * expands nothing ({@code $}, backticks, {@code \}, newlines and {@code ;} are plain characters),
 * and a quoted word is never taken for a reserved word or a variable assignment. A single quote
 * is written as {@code '\''} (close, escaped quote, reopen). NUL cannot be passed to a program
 * and is refused.
 */
public final class ShellQuote {

  private ShellQuote() {}

  /**
   * The word quoted for one shell layer.
   *
   * @throws InvalidInputException if it contains a NUL character or an unpaired surrogate
   */
  public static String quote(String word) {
    Objects.requireNonNull(word, "word");
    SqlText.check(word, "a shell argument"); // it reaches the server inside a SQL literal
    StringBuilder sb = new StringBuilder(word.length() + 2).append('\'');
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '\'') {
        sb.append("'\\''");
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }

  /** The words quoted and joined by spaces: one simple command. */
  public static String join(List<String> words) {
    return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }
}
