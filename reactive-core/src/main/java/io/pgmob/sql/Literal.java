package io.pgmob.sql;

import io.pgmob.error.InvalidInputException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A SQL string literal, safe whatever {@code standard_conforming_strings} says: values without a
 * backslash render as {@code 'it''s'}; values with one use the escape-string form {@code
 * E'a\\b'}, which means the same under either setting. Text the server cannot receive unchanged
 * (a NUL character, an unpaired surrogate) is refused by {@link SqlText#check}.
 *
 * <p>A {@link #secret(CharSequence) secret} literal renders as {@code '***'} in {@link
 * #redacted()}, {@code toString()}, plans and error messages.
 */
public final class Literal implements SqlPart {

  private static final Literal NULL = new Literal(null, false);

  private final @Nullable String value;
  private final boolean secret;

  private Literal(@Nullable String value, boolean secret) {
    this.value = value;
    this.secret = secret;
  }

  /** A literal for {@code value}; null renders {@code NULL}. */
  public static Literal of(@Nullable String value) {
    if (value == null) {
      return NULL;
    }
    check(value);
    return new Literal(value, false);
  }

  /** A literal whose value is a secret (a password or verifier): redacted everywhere but {@link #text()}. */
  public static Literal secret(CharSequence value) {
    Objects.requireNonNull(value, "secret");
    String s = value.toString();
    check(s);
    return new Literal(s, true);
  }

  private static void check(String value) {
    SqlText.check(value, "a SQL string literal");
  }

  /** {@return whether this literal is redacted in logs} */
  public boolean isSecret() {
    return secret;
  }

  @Override
  public void appendTo(StringBuilder out, boolean redact) {
    if (value == null) {
      out.append("NULL");
      return;
    }
    if (secret && redact) {
      out.append("'***'");
      return;
    }
    quote(value, out);
  }

  /** Appends {@code value} as a string literal. */
  static void quote(String value, StringBuilder out) {
    boolean backslash = value.indexOf('\\') >= 0;
    if (backslash) {
      out.append("E'");
    } else {
      out.append('\'');
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'') {
        out.append('\'');
      } else if (c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('\'');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Literal l && Objects.equals(l.value, value) && l.secret == secret;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, secret);
  }

  /** The redacted SQL form. */
  @Override
  public String toString() {
    return redacted();
  }
}
