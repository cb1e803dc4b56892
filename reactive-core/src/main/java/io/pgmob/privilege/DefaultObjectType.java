package io.pgmob.privilege;

import java.util.EnumSet;
import java.util.Set;

/** The object kinds {@code ALTER DEFAULT PRIVILEGES} covers, with their {@code pg_default_acl.defaclobjtype} letter. */
public enum DefaultObjectType {
  /** Tables (and views and other relations) created later. */
  TABLES("TABLES", 'r', ObjectType.TABLE.allowed()),
  /** Sequences created later. */
  SEQUENCES("SEQUENCES", 'S', ObjectType.SEQUENCE.allowed()),
  /** Functions and procedures created later. */
  FUNCTIONS("FUNCTIONS", 'f', EnumSet.of(Privilege.EXECUTE)),
  /** Types and domains created later. */
  TYPES("TYPES", 'T', EnumSet.of(Privilege.USAGE)),
  /** Schemas; cannot be combined with {@code IN SCHEMA}. */
  SCHEMAS("SCHEMAS", 'n', EnumSet.of(Privilege.USAGE, Privilege.CREATE));

  private final String sql;
  private final char catalogChar;
  private final Set<Privilege> allowed;

  DefaultObjectType(String sql, char catalogChar, Set<Privilege> allowed) {
    this.sql = sql;
    this.catalogChar = catalogChar;
    this.allowed = allowed;
  }

  /** {@return the keyword in {@code ... ON <keyword> TO ...}} */
  public String sql() {
    return sql;
  }

  /** {@return the letter in {@code pg_default_acl.defaclobjtype}} */
  public char catalogChar() {
    return catalogChar;
  }

  /** {@return the privileges this kind accepts} */
  public Set<Privilege> allowed() {
    return EnumSet.copyOf(allowed);
  }

  /** The kind for a {@code defaclobjtype} letter. */
  public static DefaultObjectType ofCatalogChar(char c) {
    for (DefaultObjectType t : values()) {
      if (t.catalogChar == c) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown defaclobjtype " + c);
  }
}
