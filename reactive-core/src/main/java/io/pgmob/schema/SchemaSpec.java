package io.pgmob.schema;

import io.pgmob.sql.Identifier;
import org.jspecify.annotations.Nullable;

/**
 * What a schema should look like, for {@link Schemas#create(SchemaSpec)} and {@link
 * Schemas#ensure(SchemaSpec)}.
 *
 * @param name the schema name
 * @param owner the owner role; null = the creating role on create, "leave as is" on ensure
 */
public record SchemaSpec(String name, @Nullable String owner) {

  /** @throws io.pgmob.error.InvalidInputException for an invalid name */
  public SchemaSpec {
    Identifier.validate(name, "schema name");
    if (owner != null) {
      Identifier.validate(owner, "owner role name");
    }
  }

  /** A spec with only a name. */
  public static SchemaSpec of(String name) {
    return new SchemaSpec(name, null);
  }
}
