package io.pgmob.sql;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A schema-qualified object name, {@code "schema"."name"}, or an unqualified one. */
public final class QualifiedName implements SqlPart {

  private final @Nullable Identifier schema;
  private final Identifier name;

  private QualifiedName(@Nullable Identifier schema, Identifier name) {
    this.schema = schema;
    this.name = name;
  }

  /** {@code "schema"."name"}; a null schema gives an unqualified name. */
  public static QualifiedName of(@Nullable String schema, String name) {
    return new QualifiedName(schema == null ? null : Identifier.of(schema), Identifier.of(name));
  }

  /** An unqualified name, resolved through the search path. */
  public static QualifiedName of(String name) {
    return of(null, name);
  }

  /** {@return the schema, or null for an unqualified name} */
  public @Nullable String schema() {
    return schema == null ? null : schema.name();
  }

  /** {@return the object name, unquoted} */
  public String name() {
    return name.name();
  }

  /** This name moved to another schema. */
  public QualifiedName inSchema(String newSchema) {
    return of(newSchema, name.name());
  }

  @Override
  public void appendTo(StringBuilder out, boolean redact) {
    if (schema != null) {
      schema.appendTo(out, redact);
      out.append('.');
    }
    name.appendTo(out, redact);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QualifiedName q && Objects.equals(q.schema, schema) && q.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schema, name);
  }

  @Override
  public String toString() {
    return text();
  }
}
