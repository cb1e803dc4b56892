package io.pgmob.sql;

import java.util.regex.Pattern;
import io.pgmob.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A piece of SQL text composed from trusted text and quoted parts.
 *
 * <pre>{@code
 * Sql sql = Sql.format("ALTER ROLE {} SET search_path = {}", Identifier.of("app"), Literal.of("app, public"));
 * sql.text();      // ALTER ROLE "app" SET search_path = 'app, public'
 * }</pre>
 *
 * <p>{@code {}} in the template takes the next argument; {@code {{}}} is a literal {@code {}}.
 * Arguments must be {@link SqlPart}s, integral numbers or booleans; a plain {@code String} is
 * refused, so that no value reaches SQL text without choosing how it is quoted. Immutable.
 */
public final class Sql implements SqlPart {

  private static final Pattern PASSWORD_LITERAL = Pattern.compile(
      "(?i)(PASSWORD\\s+)(E?'(?:[^'\\\\]|''|\\\\.)*')");
  private static final Pattern URI_PASSWORD = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*:)[^@\\s]*@");


  private static final Sql EMPTY = new Sql(List.of());

  private final List<Object> pieces; // String (trusted) or SqlPart

  private Sql(List<Object> pieces) {
    this.pieces = pieces;
  }

  /** Trusted SQL text, used as is. Never pass user input here. */
  public static Sql raw(String trustedText) {
    Objects.requireNonNull(trustedText, "trustedText");
    return new Sql(List.of(SqlText.check(trustedText, "SQL text")));
  }

  /** {@return the empty SQL text} */
  public static Sql empty() {
    return EMPTY;
  }

  /** Fills {@code {}} placeholders in a trusted template with quoted parts. */
  public static Sql format(String template, Object... args) {
    SqlText.check(Objects.requireNonNull(template, "template"), "SQL template");
    List<Object> pieces = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int arg = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{' && template.startsWith("{{}}", i)) {
        text.append("{}");
        i += 3;
      } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        if (arg >= args.length) {
          throw new InvalidInputException("SQL template has more {} than the " + args.length
              + " arguments given: " + template);
        }
        if (text.length() > 0) {
          pieces.add(text.toString());
          text.setLength(0);
        }
        pieces.add(part(args[arg++], arg));
        i++;
      } else {
        text.append(c);
      }
    }
    if (arg != args.length) {
      throw new InvalidInputException("SQL template has " + arg + " {} but " + args.length
          + " arguments were given: " + template);
    }
    if (text.length() > 0) {
      pieces.add(text.toString());
    }
    return new Sql(List.copyOf(pieces));
  }

  private static Object part(Object arg, int position) {
    if (arg instanceof SqlPart p) {
      return p;
    }
    if (arg instanceof Integer || arg instanceof Long || arg instanceof Short || arg instanceof Byte) {
      return arg.toString();
    }
    if (arg instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    throw new InvalidInputException("SQL argument " + position + " is a "
        + (arg == null ? "null" : arg.getClass().getSimpleName())
        + "; wrap it as Identifier.of(...), Literal.of(...) or Sql.raw(...) to say how it is quoted");
  }

  /** Joins parts with a trusted separator, e.g. {@code join(", ", identifiers)}. */
  public static Sql join(String separator, Collection<? extends SqlPart> parts) {
    List<Object> pieces = new ArrayList<>();
    boolean first = true;
    for (SqlPart p : parts) {
      if (!first) {
        pieces.add(separator);
      }
      pieces.add(Objects.requireNonNull(p, "part"));
      first = false;
    }
    return new Sql(List.copyOf(pieces));
  }

  /** This SQL followed by {@code other}. */
  public Sql append(SqlPart other) {
    List<Object> pieces = new ArrayList<>(this.pieces);
    pieces.add(other);
    return new Sql(List.copyOf(pieces));
  }

  /** This SQL followed by the formatted template. */
  public Sql append(String template, Object... args) {
    return append(format(template, args));
  }

  /** {@return whether this SQL is empty text} */
  public boolean isEmpty() {
    return text().isEmpty();
  }

  /** {@return whether any part of this SQL is a secret literal} */
  public boolean hasSecrets() {
    return !text().equals(redacted());
  }

  @Override
  public void appendTo(StringBuilder out, boolean redact) {
    for (Object p : pieces) {
      if (p instanceof String s) {
        out.append(s);
      } else {
        ((SqlPart) p).appendTo(out, redact);
      }
    }
  }

  /**
   * The SQL text with secrets replaced by {@code '***'}: {@link io.pgmob.sql.Literal#secret}
   * literals, and also any {@code PASSWORD '...'} literal written into trusted text (for example
   * {@code Sql.raw("CREATE ROLE app PASSWORD 'x'")}), by the same redaction that error messages and
   * server-log text go through ({@link #redact(String)}). Safe for logs, plans, errors and events.
   */
  @Override
  public String redacted() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, true);
    return redact(sb.toString());
  }

  /**
   * {@code text} (SQL or a message quoting SQL) with every {@code PASSWORD '...'} literal and
   * every password in a {@code postgresql://} URI replaced by {@code ***}. The one redaction every
   * place that shows a statement uses.
   */
  public static String redact(String text) {
    Objects.requireNonNull(text, "text");
    String out = PASSWORD_LITERAL.matcher(text).replaceAll("$1'***'");
    return URI_PASSWORD.matcher(out).replaceAll("$1***@");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sql s && s.text().equals(text()) && s.redacted().equals(redacted());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  /** The redacted text: safe to print. */
  @Override
  public String toString() {
    return redacted();
  }
}
