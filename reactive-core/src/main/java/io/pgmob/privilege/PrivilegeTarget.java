package io.pgmob.privilege;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.SqlPart;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What privileges are granted on: a database, a schema, a table, all tables of a schema, a
 * sequence, all sequences of a schema, or a function (named with its argument types, as {@code
 * GRANT} needs). Names are exact (case and all); the schema is required for schema objects.
 *
 * <pre>{@code
 * PrivilegeTarget.table("app", "orders");
 * PrivilegeTarget.allTablesInSchema("app");
 * PrivilegeTarget.function("app", "refresh_totals", "integer", "text");
 * }</pre>
 *
 * @param type the kind of object
 * @param schema the schema, for tables, sequences and functions; null for databases and schemas
 * @param name the object name; for "all in schema" targets, null
 * @param argumentTypes the function's argument types, as SQL type names; empty otherwise
 */
public record PrivilegeTarget(ObjectType type, @Nullable String schema, @Nullable String name,
    List<String> argumentTypes) {

  public PrivilegeTarget {
    Objects.requireNonNull(type, "type");
    argumentTypes = List.copyOf(argumentTypes);
    if (schema != null) {
      Identifier.validate(schema, "schema name");
    }
    if (name != null) {
      Identifier.validate(name, type.name().toLowerCase(java.util.Locale.ROOT) + " name");
    }
    for (String a : argumentTypes) {
      if (a.isBlank() || a.indexOf('\0') >= 0) {
        throw new InvalidInputException("function argument types must not be blank or contain NUL");
      }
    }
  }

  /** A database. */
  public static PrivilegeTarget database(String name) {
    return new PrivilegeTarget(ObjectType.DATABASE, null, name, List.of());
  }

  /** A schema. */
  public static PrivilegeTarget schema(String name) {
    return new PrivilegeTarget(ObjectType.SCHEMA, null, name, List.of());
  }

  /** A table (or view, materialized view, foreign or partitioned table). */
  public static PrivilegeTarget table(String schema, String name) {
    return new PrivilegeTarget(ObjectType.TABLE, Objects.requireNonNull(schema, "schema"), name, List.of());
  }

  /** Every table, view, materialized view and foreign table that exists now in {@code schema} ({@code ON ALL TABLES IN SCHEMA}). */
  public static PrivilegeTarget allTablesInSchema(String schema) {
    return new PrivilegeTarget(ObjectType.TABLE, Objects.requireNonNull(schema, "schema"), null, List.of());
  }

  /** A sequence. */
  public static PrivilegeTarget sequence(String schema, String name) {
    return new PrivilegeTarget(ObjectType.SEQUENCE, Objects.requireNonNull(schema, "schema"), name, List.of());
  }

  /** Every sequence in {@code schema} ({@code ON ALL SEQUENCES IN SCHEMA}). */
  public static PrivilegeTarget allSequencesInSchema(String schema) {
    return new PrivilegeTarget(ObjectType.SEQUENCE, Objects.requireNonNull(schema, "schema"), null, List.of());
  }

  /**
   * A function or procedure, identified by its argument types (resolved on the server with
   * {@code to_regprocedure}, so {@code "int"} and {@code "integer"} both work).
   */
  public static PrivilegeTarget function(String schema, String name, String... argumentTypes) {
    return new PrivilegeTarget(ObjectType.FUNCTION, Objects.requireNonNull(schema, "schema"),
        Objects.requireNonNull(name, "name"), List.of(argumentTypes));
  }

  /** {@return whether this is an "all ... in schema" target} */
  public boolean isAllInSchema() {
    return name == null;
  }

  /** The SQL name of a database, schema, table or sequence (not for functions or "all" targets). */
  SqlPart sqlName() {
    if (type == ObjectType.DATABASE || type == ObjectType.SCHEMA) {
      return Identifier.of(Objects.requireNonNull(name));
    }
    return QualifiedName.of(schema, Objects.requireNonNull(name));
  }

  /** The text {@code to_regprocedure} parses. */
  String signature() {
    return QualifiedName.of(schema, Objects.requireNonNull(name)).text() + "(" + String.join(", ", argumentTypes) + ")";
  }

  /** The plain name for "does not exist" messages: {@code app.orders}, {@code app.f(integer, text)}. */
  String plainName() {
    String n = schema == null ? String.valueOf(name) : schema + "." + name;
    return type == ObjectType.FUNCTION ? n + "(" + String.join(", ", argumentTypes) + ")" : n;
  }

  /** For messages: {@code table "app"."orders"}, {@code all tables in schema "app"}. */
  public String describe() {
    if (isAllInSchema()) {
      return "all " + type.name().toLowerCase(java.util.Locale.ROOT) + "s in schema " + Identifier.of(Objects.requireNonNull(schema));
    }
    String t = type.name().toLowerCase(java.util.Locale.ROOT);
    if (type == ObjectType.FUNCTION) {
      return t + " " + signature();
    }
    return t + " " + sqlName().text();
  }

  @Override
  public String toString() {
    return describe();
  }
}
