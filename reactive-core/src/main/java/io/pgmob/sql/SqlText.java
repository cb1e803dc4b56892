package io.pgmob.sql;

import io.pgmob.error.InvalidInputException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for text that reaches PostgreSQL: it must survive the trip to the server's UTF-8
 * unchanged. Two kinds of Java text do not, and are refused rather than altered in silence:
 *
 * <ul>
 *   <li>a NUL character (PostgreSQL text cannot hold it);
 *   <li>an unpaired UTF-16 surrogate (a high surrogate not followed by a low one, or a low one
 *       not preceded by a high one): it is not a character, and Java's UTF-8 encoder would send
 *       {@code ?} in its place.
 * </ul>
 *
 * <p>Every quoting type ({@link Literal}, {@link Identifier}, {@link QualifiedName} through it,
 * {@link Sql} templates and raw text), the SQL text and the bind parameters of every statement a
 * session runs ({@link #checkParameters}), the names of a connection's start-up message and every
 * other value pgmob writes to the server (passwords, pg_hba.conf tokens) is checked by {@link
 * #check(CharSequence, String)}. The error names the
 * position, never the text (which may be a secret).
 */
public final class SqlText {

  private SqlText() {}

  /**
   * Returns {@code text} as a string if PostgreSQL can receive it unchanged.
   *
   * @param what what the text is, for the error ("role name", "SQL string literal", ...)
   * @throws InvalidInputException naming the position (a 0-based index in UTF-16 code units) of
   *     the first NUL or unpaired surrogate
   */
  public static String check(CharSequence text, String what) {
    Objects.requireNonNull(text, what);
    String s = text.toString();
    int bad = firstInvalid(s);
    if (bad < 0) {
      return s;
    }
    char c = s.charAt(bad);
    if (c == '\0') {
      throw new InvalidInputException(what + " must not contain a NUL character (found at index " + bad
          + "); PostgreSQL text cannot hold it");
    }
    throw new InvalidInputException(what + " is not valid UTF-16: an unpaired "
        + (Character.isHighSurrogate(c) ? "high" : "low") + " surrogate U+" + Integer.toHexString(c).toUpperCase()
        + " at index " + bad + " (0-based, in UTF-16 code units); it has no UTF-8 form and would reach"
        + " the server as '?'. Fix the text where it was produced (often a string cut in the middle of an"
        + " emoji or other character outside the BMP)");
  }

  /**
   * Checks the text among bind parameters by {@link #check(CharSequence, String)}: every {@link
   * CharSequence} and {@link Character}, also inside arrays (a {@code String[]} bound as a
   * PostgreSQL array). Other values (numbers, dates, buffers) carry no text and pass.
   *
   * @param params the values bound to {@code $1}, {@code $2} ... in order
   * @throws InvalidInputException naming the parameter ({@code $n}, and the array element) and
   *     the position in it, never the value
   */
  public static void checkParameters(List<?> params) {
    for (int i = 0; i < params.size(); i++) {
      checkValue(params.get(i), "bind parameter $" + (i + 1));
    }
  }

  private static void checkValue(@Nullable Object value, String what) {
    if (value instanceof CharSequence text) {
      check(text, what);
    } else if (value instanceof Character c) {
      check(String.valueOf(c.charValue()), what);
    } else if (value instanceof Object[] array) {
      for (int j = 0; j < array.length; j++) {
        checkValue(array[j], what + " element [" + j + "]");
      }
    }
  }

  /** The index of the first NUL or unpaired surrogate in {@code s}, or -1 when there is none. */
  static int firstInvalid(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\0') {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a pair: one character outside the BMP
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
