package io.pgmob.session;

import io.pgmob.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Numbers read from an operator's text (a URI, an inventory, an option): ASCII digits only.
 * {@link Integer#parseInt} and {@link Long#parseLong} also take the digits of other scripts
 * ({@code "١٠"} is 10) and a leading {@code +}, and {@link Double#parseDouble} takes {@code 1e1},
 * {@code 10d}, {@code NaN} and {@code Infinity}; PostgreSQL and libpq read none of these, so
 * pgmob refuses them with an error naming the field.
 */
public final class Numbers {

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,15})?");

  private Numbers() {}

  /**
   * {@code text} as a long: an optional {@code -} and ASCII digits ({@code 0-9}), nothing else.
   *
   * @param what the field, for the error ("connect_timeout")
   * @throws InvalidInputException naming {@code what} and the text when it is not such a number or
   *     does not fit in 64 bits
   */
  public static long parseLong(String text, String what) {
    if (INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooBig) {
        // fall through to the error
      }
    }
    throw new InvalidInputException(what + " must be a whole number written with the digits 0-9"
        + " (at most 19 of them), got '" + text + "'");
  }

  /** {@link #parseLong} for a value that must fit in 32 bits. */
  public static int parseInt(String text, String what) {
    long n = parseLong(text, what);
    if (n != (int) n) {
      throw new InvalidInputException(what + " must fit in 32 bits, got '" + text + "'");
    }
    return (int) n;
  }

  /**
   * {@code text} as a non-negative decimal ({@code 12} or {@code 12.5}), ASCII digits and one
   * optional dot only.
   *
   * @throws InvalidInputException naming {@code what} and the text
   */
  public static double parseDecimal(String text, String what) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new InvalidInputException(what + " must be a number written with the digits 0-9 and an optional"
          + " decimal point (12 or 12.5), got '" + text + "'");
    }
    return Double.parseDouble(text);
  }
}
