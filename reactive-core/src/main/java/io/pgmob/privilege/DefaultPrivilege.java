package io.pgmob.privilege;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A default privilege: what objects {@code forRole} creates later (in {@code schema}, or
 * anywhere) grant to {@code grantee} from the start ({@code ALTER DEFAULT PRIVILEGES [FOR ROLE r]
 * [IN SCHEMA s] GRANT ... ON TABLES TO g}). Objects that exist already are not affected.
 *
 * <pre>{@code
 * DefaultPrivilege d = DefaultPrivilege.of(DefaultObjectType.TABLES, "reader", Privilege.SELECT)
 *     .forRole("app_owner").inSchema("app");
 * }</pre>
 *
 * @param forRole the role whose future objects are meant; null for the current user
 * @param schema only objects created in this schema; null for every schema
 * @param objectType which kind of objects
 * @param grantee the role, or {@code "PUBLIC"}
 * @param privileges at least one, each valid for the object type
 * @param grantOption {@code WITH GRANT OPTION}
 */
public record DefaultPrivilege(@Nullable String forRole, @Nullable String schema, DefaultObjectType objectType,
    String grantee, Set<Privilege> privileges, boolean grantOption) {

  public DefaultPrivilege {
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(grantee, "grantee");
    if (forRole != null) {
      Identifier.validate(forRole, "role name");
    }
    if (schema != null) {
      Identifier.validate(schema, "schema name");
      if (objectType == DefaultObjectType.SCHEMAS) {
        throw new InvalidInputException("default privileges on SCHEMAS cannot be limited to a schema");
      }
    }
    if (!Grant.isPublic(grantee)) {
      Identifier.validate(grantee, "grantee role name");
    }
    if (privileges.isEmpty()) {
      throw new InvalidInputException("a default privilege needs at least one privilege");
    }
    Set<Privilege> wrong = EnumSet.copyOf(privileges);
    wrong.removeAll(objectType.allowed());
    if (!wrong.isEmpty()) {
      throw new InvalidInputException("privilege(s) " + wrong + " do not apply to " + objectType.sql()
          + "; it accepts " + objectType.allowed());
    }
    privileges = Collections.unmodifiableSet(EnumSet.copyOf(privileges));
  }

  /** {@code privileges} on future {@code type} objects of the current user, in any schema. */
  public static DefaultPrivilege of(DefaultObjectType type, String grantee, Privilege first, Privilege... more) {
    return new DefaultPrivilege(null, null, type, grantee, EnumSet.of(first, more), false);
  }

  /** For objects {@code role} creates. */
  public DefaultPrivilege forRole(String role) {
    return new DefaultPrivilege(role, schema, objectType, grantee, privileges, grantOption);
  }

  /** Only for objects created in {@code schemaName}. */
  public DefaultPrivilege inSchema(String schemaName) {
    return new DefaultPrivilege(forRole, schemaName, objectType, grantee, privileges, grantOption);
  }

  /** With grant option. */
  public DefaultPrivilege withGrantOption() {
    return new DefaultPrivilege(forRole, schema, objectType, grantee, privileges, true);
  }

  boolean isPublic() {
    return Grant.isPublic(grantee);
  }
}
