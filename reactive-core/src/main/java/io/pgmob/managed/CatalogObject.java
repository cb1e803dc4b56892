package io.pgmob.managed;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.Change;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.sql.SqlPart;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable snapshot of an owned catalog object (database, schema, table, view, sequence,
 * routine, large object) together with the cluster it was read from: the identity every such kind
 * shares, and the change builders that differ only by the kind's keyword and how statements name
 * the object. Each kind adds its own properties and operations.
 */
public abstract class CatalogObject implements OwnedObject {

  private final SqlSession<?> cluster;
  private final long oid;
  private final String owner;

  /** A snapshot of the object {@code oid} owned by {@code owner}, read from {@code cluster}. */
  protected CatalogObject(SqlSession<?> cluster, long oid, String owner) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.oid = oid;
    this.owner = Objects.requireNonNull(owner, "owner");
  }

  /** {@return the cluster this snapshot was read from} */
  public final SqlSession<?> cluster() {
    return cluster;
  }

  /** {@return the object identifier in the catalog} */
  public final long oid() {
    return oid;
  }

  @Override
  public final String owner() {
    return owner;
  }

  /** {@code ALTER <keyword> <target> OWNER TO "newOwner"} (not run). */
  @Override
  public Change ownerChange(String newOwner) {
    return Change.of("set owner of " + label() + " to \"" + newOwner + "\"",
        Sql.format("ALTER " + keyword() + " {} OWNER TO {}", target(), Identifier.of(newOwner)));
  }

  /**
   * The kind's SQL keyword, as in {@code ALTER <keyword>} and {@code DROP <keyword>}: for example
   * {@code TABLE}, {@code MATERIALIZED VIEW}, {@code FUNCTION}, {@code LARGE OBJECT}.
   */
  protected abstract String keyword();

  /** {@return how statements name this object, for example {@code "app"."orders"}} */
  protected abstract SqlPart target();

  /**
   * How change descriptions name this object; by default the keyword in lower case and the
   * target, for example {@code table "app"."orders"}.
   */
  protected String label() {
    return keyword().toLowerCase(Locale.ROOT) + " " + target();
  }

  /** {@code ALTER <keyword> <target> RENAME TO "newName"} (not run). */
  protected Change renameChange(String newName) {
    return Change.of("rename " + label() + " to \"" + newName + "\"",
        Sql.format("ALTER " + keyword() + " {} RENAME TO {}", target(), Identifier.of(newName)));
  }

  /** {@code DROP <keyword> <target> [CASCADE]} (not run). */
  protected Change dropChange(boolean cascade) {
    return Change.of("drop " + label() + (cascade ? " cascade" : ""),
        Sql.format("DROP " + keyword() + " {}" + (cascade ? " CASCADE" : ""), target()));
  }
}
