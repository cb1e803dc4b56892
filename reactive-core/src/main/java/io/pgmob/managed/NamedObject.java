package io.pgmob.managed;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.SqlPart;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable snapshot of an owned catalog object that has a name: a database or a schema, named
 * by that one identifier in statements, and (through {@link SchemaObject}) the objects that live in
 * a schema.
 */
public abstract class NamedObject extends CatalogObject {

  private final String name;

  /** Reads the {@code oid}, {@code name} and {@code owner} columns of a catalog row. */
  protected NamedObject(SqlSession<?> cluster, Row row) {
    super(cluster, Objects.requireNonNull(row.getLong("oid")), Objects.requireNonNull(row.getString("owner")));
    this.name = Objects.requireNonNull(row.getString("name"));
  }

  /** {@return the name, as stored in the catalog (unquoted)} */
  public final String name() {
    return name;
  }

  /** The quoted name, for example {@code "app"}. */
  @Override
  protected SqlPart target() {
    return Identifier.of(name);
  }

  /** The keyword in lower case and the name in double quotes, for example {@code schema "app"}. */
  @Override
  protected String label() {
    return keyword().toLowerCase(Locale.ROOT) + " \"" + name + "\"";
  }
}
