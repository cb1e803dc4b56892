package io.pgmob.internal;

import io.pgmob.sql.SqlPart;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Removes secrets from SQL text and messages before they reach a log, an exception or a plan. */
final class Redaction {

  private Redaction() {}

  /** {@code text} with any {@code PASSWORD '...'} literal and URI password replaced by {@code ***}. */
  static @Nullable String redact(@Nullable String text) {
    return text == null ? null : io.pgmob.sql.Sql.redact(text);
  }

  /**
   * The values of the secret literals in {@code sql}, as they appear unquoted in messages that
   * echo them (for example "invalid input syntax for type integer"), so they can be scrubbed.
   */
  static List<String> secrets(SqlPart sql) {
    String redacted = sql.redacted();
    if (!redacted.contains("'***'")) {
      return List.of();
    }
    String text = sql.text();
    List<String> out = new ArrayList<>();
    String[] segments = redacted.split(Pattern.quote("'***'"), -1);
    int at = 0;
    for (int k = 0; k < segments.length - 1; k++) {
      at += segments[k].length();
      int end = literalEnd(text, at);
      if (end < 0) {
        break;
      }
      String value = unquote(text.substring(at, end));
      if (!value.isEmpty() && !value.equals("***")) {
        out.add(value);
      }
      at = end;
    }
    return out;
  }

  /** {@code text} with each of {@code secrets} replaced by {@code ***}, then {@link #redact(String)}. */
  static @Nullable String scrub(@Nullable String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
    }
    return redact(out);
  }

  /** The end (exclusive) of the quoted literal starting at {@code start}, or -1. */
  private static int literalEnd(String text, int start) {
    int i = start;
    boolean escapes = false;
    if (i < text.length() && (text.charAt(i) == 'E' || text.charAt(i) == 'e')) {
      escapes = true;
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '\'') {
      return -1;
    }
    i++;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (escapes && c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  private static String unquote(String literal) {
    boolean escapes = literal.charAt(0) != '\'';
    String body = literal.substring(escapes ? 2 : 1, literal.length() - 1).replace("''", "'");
    return escapes ? body.replace("\\\\", "\\") : body;
  }
}
