package io.pgmob.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Removes secrets from SQL text and messages before they reach a log, an exception or a plan. */
public final class Redaction {

  private static final Pattern PASSWORD_LITERAL = Pattern.compile(
      "(?i)(PASSWORD\\s+)(E?'(?:[^'\\\\]|''|\\\\.)*')");
  private static final Pattern URI_PASSWORD = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*:)[^@\\s]*@");

  private Redaction() {}

  /** {@code text} with any {@code PASSWORD '...'} literal and URI password replaced by {@code ***}. */
  public static @Nullable String redact(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String out = PASSWORD_LITERAL.matcher(text).replaceAll("$1'***'");
    return URI_PASSWORD.matcher(out).replaceAll("$1***@");
  }
}
