package io.pgmob.sql;

import io.pgmob.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A PostgreSQL identifier (role, database, schema, table, column name ...), always rendered in
 * double quotes with embedded double quotes doubled, so any name, keyword or not, is exact.
 *
 * <p>Refused on the client: the empty name, names the server cannot receive unchanged (a NUL
 * character, an unpaired surrogate: {@link SqlText#check}) and names longer than 63 bytes of UTF-8 (PostgreSQL would silently truncate them, so two
 * different names could collide).
 */
public final class Identifier implements SqlPart, Comparable<Identifier> {

  /** The longest identifier PostgreSQL keeps, in bytes ({@code NAMEDATALEN - 1}). */
  public static final int MAX_BYTES = 63;

  private final String name;

  private Identifier(String name) {
    this.name = name;
  }

  /**
   * An identifier for {@code name} exactly as given (case and all).
   *
   * @throws InvalidInputException if the name is empty, contains NUL or an unpaired surrogate, or is
   *     over 63 bytes of UTF-8
   */
  public static Identifier of(String name) {
    Objects.requireNonNull(name, "name");
    validate(name, "identifier");
    return new Identifier(name);
  }

  /** Checks a name the way {@link #of(String)} does; {@code what} names it in the error. */
  public static String validate(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty()) {
      throw new InvalidInputException(what + " must not be empty");
    }
    SqlText.check(name, what);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new InvalidInputException(what + " is " + bytes + " bytes of UTF-8, over PostgreSQL's limit of "
          + MAX_BYTES + " (the server would silently truncate it): " + printable(name));
    }
    return name;
  }

  static String printable(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return '"' + shown.replace("\0", "\\0") + '"';
  }

  /** {@return the name as stored in the catalog} */
  public String name() {
    return name;
  }

  @Override
  public void appendTo(StringBuilder out, boolean redact) {
    out.append('"');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }

  @Override
  public int compareTo(Identifier o) {
    return name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier i && i.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The quoted form, as it appears in SQL. */
  @Override
  public String toString() {
    return text();
  }
}
