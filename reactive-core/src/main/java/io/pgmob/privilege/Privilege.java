package io.pgmob.privilege;

import io.pgmob.error.InvalidInputException;

/**
 * A privilege, with the letter PostgreSQL uses for it in an ACL ({@code r} for SELECT ...),
 * declared in the order PostgreSQL prints them.
 */
public enum Privilege {
  /** Add rows to a table ({@code a} in an ACL). */
  INSERT('a', "INSERT"),
  /** Read a table's rows, or a sequence's value with {@code currval} ({@code r}). */
  SELECT('r', "SELECT"),
  /** Change a table's rows, or a sequence's value with {@code nextval}/{@code setval} ({@code w}). */
  UPDATE('w', "UPDATE"),
  /** Delete a table's rows ({@code d}). */
  DELETE('d', "DELETE"),
  /** Empty a table with {@code TRUNCATE} ({@code D}). */
  TRUNCATE('D', "TRUNCATE"),
  /** Create a foreign key that references a table ({@code x}). */
  REFERENCES('x', "REFERENCES"),
  /** Create a trigger on a table ({@code t}). */
  TRIGGER('t', "TRIGGER"),
  /** Call a function or procedure ({@code X}). */
  EXECUTE('X', "EXECUTE"),
  /** Look up objects in a schema; use a sequence with {@code currval} and {@code nextval}; use a type ({@code U}). */
  USAGE('U', "USAGE"),
  /** Create schemas in a database, or objects in a schema ({@code C}). */
  CREATE('C', "CREATE"),
  /** Create temporary tables in a database ({@code T}). */
  TEMPORARY('T', "TEMPORARY"),
  /** Connect to a database ({@code c}). */
  CONNECT('c', "CONNECT"),
  /** PostgreSQL 15+, on configuration parameters (read from ACLs only). */
  SET('s', "SET"),
  /** PostgreSQL 15+, on configuration parameters (read from ACLs only). */
  ALTER_SYSTEM('A', "ALTER SYSTEM"),
  /** PostgreSQL 17+: VACUUM, ANALYZE, REINDEX ... on a table. */
  MAINTAIN('m', "MAINTAIN");

  private final char aclChar;
  private final String sql;

  Privilege(char aclChar, String sql) {
    this.aclChar = aclChar;
    this.sql = sql;
  }

  /** {@return the letter in an ACL item} */
  public char aclChar() {
    return aclChar;
  }

  /** {@return the keyword(s) in GRANT / REVOKE} */
  public String sql() {
    return sql;
  }

  /**
   * The privilege for an ACL letter.
   *
   * @throws InvalidInputException for an unknown letter
   */
  public static Privilege ofAclChar(char c) {
    for (Privilege p : values()) {
      if (p.aclChar == c) {
        return p;
      }
    }
    throw new InvalidInputException("unknown privilege letter '" + c + "' in ACL");
  }
}
