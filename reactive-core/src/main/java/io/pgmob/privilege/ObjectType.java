package io.pgmob.privilege;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of object privileges can be granted on here, with the privileges each accepts. */
public enum ObjectType {
  /** A database. */
  DATABASE("DATABASE", EnumSet.of(Privilege.CREATE, Privilege.CONNECT, Privilege.TEMPORARY)),
  /** A schema. */
  SCHEMA("SCHEMA", EnumSet.of(Privilege.USAGE, Privilege.CREATE)),
  /** Tables, views, materialized views, foreign and partitioned tables. MAINTAIN needs PostgreSQL 17. */
  TABLE("TABLE", EnumSet.of(Privilege.SELECT, Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE,
      Privilege.TRUNCATE, Privilege.REFERENCES, Privilege.TRIGGER, Privilege.MAINTAIN)),
  /** A sequence. */
  SEQUENCE("SEQUENCE", EnumSet.of(Privilege.USAGE, Privilege.SELECT, Privilege.UPDATE)),
  /** Functions and procedures. */
  FUNCTION("FUNCTION", EnumSet.of(Privilege.EXECUTE));

  private final String sql;
  private final Set<Privilege> allowed;

  ObjectType(String sql, Set<Privilege> allowed) {
    this.sql = sql;
    this.allowed = allowed;
  }

  /** {@return the keyword in {@code GRANT ... ON <keyword> ...}} */
  public String sql() {
    return sql;
  }

  /** {@return the privileges this kind of object accepts} */
  public Set<Privilege> allowed() {
    return EnumSet.copyOf(allowed);
  }
}
