package io.pgmob.managed;

import io.pgmob.sql.Sql;
import java.util.Objects;

/**
 * One pending change: what it does, the statement that does it, and whether it may run inside a
 * transaction ({@code CREATE DATABASE}, {@code ALTER SYSTEM} and a few others may not).
 *
 * @param description human words, for example {@code set LOGIN on role "app"}
 * @param sql the statement; secret literals in it print redacted
 * @param transactional whether it may run in a transaction block
 */
public record Change(String description, Sql sql, boolean transactional) {

  /**
   * Checks that the description and the SQL are given.
   *
   * @param description human words, for example {@code set LOGIN on role "app"}
   * @param sql the statement; secret literals in it print redacted
   * @param transactional whether it may run in a transaction block
   */
  public Change {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
  }

  /** A change that may run in a transaction. */
  public static Change of(String description, Sql sql) {
    return new Change(description, sql, true);
  }

  /** A change that must run outside any transaction block. */
  public static Change outsideTransaction(String description, Sql sql) {
    return new Change(description, sql, false);
  }

  /** {@return the statement as it may be printed (secrets redacted)} */
  public String statement() {
    return sql.redacted();
  }

  @Override
  public String toString() {
    return description + ": " + sql.redacted();
  }
}
