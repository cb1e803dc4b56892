package io.pgmob.privilege;

import io.pgmob.error.InvalidInputException;

/**
 * A privilege, with the letter PostgreSQL uses for it in an ACL ({@code r} for SELECT ...),
 * declared in the order PostgreSQL prints them.
 */
public enum Privilege {
  INSERT('a', "INSERT"),
  SELECT('r', "SELECT"),
  UPDATE('w', "UPDATE"),
  DELETE('d', "DELETE"),
  TRUNCATE('D', "TRUNCATE"),
  REFERENCES('x', "REFERENCES"),
  TRIGGER('t', "TRIGGER"),
  EXECUTE('X', "EXECUTE"),
  USAGE('U', "USAGE"),
  CREATE('C', "CREATE"),
  TEMPORARY('T', "TEMPORARY"),
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
