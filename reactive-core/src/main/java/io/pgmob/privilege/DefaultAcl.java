package io.pgmob.privilege;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pg_default_acl}: the ACL future objects of {@code role} get.
 *
 * @param role whose future objects
 * @param schema the schema it is limited to; null for every schema
 * @param objectType which kind of objects
 * @param acl the entries (for a global row, the complete ACL new objects get; for a schema row,
 *     entries added to the global one)
 */
public record DefaultAcl(String role, @Nullable String schema, DefaultObjectType objectType, List<AclItem> acl) {
  public DefaultAcl {
    acl = List.copyOf(acl);
  }
}
