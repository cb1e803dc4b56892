package io.pgmob.managed;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.Change;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import io.pgmob.sql.SqlPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of an object that lives in a schema of the current database (table, view,
 * sequence, routine): its schema besides what every {@link NamedObject} has.
 */
public abstract class SchemaObject extends NamedObject {

  private final String schema;

  /** Reads the {@code oid}, {@code schema}, {@code name} and {@code owner} columns of a catalog row. */
  protected SchemaObject(SqlSession<?> cluster, Row row) {
    super(cluster, row);
    this.schema = Objects.requireNonNull(row.getString("schema"));
  }

  /** {@return the schema it lives in} */
  public final String schema() {
    return schema;
  }

  /** {@return {@code "schema"."name"}} */
  public final QualifiedName qualifiedName() {
    return QualifiedName.of(schema, name());
  }

  /**
   * The changes that rename it in its schema and then move it to another schema (not run), in that
   * order; a null name or schema, or one equal to the current, adds none. The move names the object
   * by its new name.
   */
  public List<Change> renameAndMoveChanges(@Nullable String newName, @Nullable String newSchema) {
    List<Change> out = new ArrayList<>(2);
    String current = name();
    if (newName != null && !newName.equals(current)) {
      out.add(renameChange(newName));
      current = newName;
    }
    if (newSchema != null && !newSchema.equals(schema)) {
      out.add(Change.of("move " + label(current) + " to schema \"" + newSchema + "\"",
          Sql.format("ALTER " + keyword() + " {} SET SCHEMA {}", target(current), Identifier.of(newSchema))));
    }
    return out;
  }

  /** {@code "schema"."name"}, or what {@link #target(String)} makes of the name. */
  @Override
  protected final SqlPart target() {
    return target(name());
  }

  /** What {@link #label(String)} makes of the name. */
  @Override
  protected final String label() {
    return label(name());
  }

  /** How statements name this object were it called {@code name} in its schema; by default {@code "schema"."name"}. */
  protected SqlPart target(String name) {
    return QualifiedName.of(schema, name);
  }

  /** How change descriptions name this object were it called {@code name}; see {@link CatalogObject#label()}. */
  protected String label(String name) {
    return keyword().toLowerCase(Locale.ROOT) + " " + target(name);
  }
}
