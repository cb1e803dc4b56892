/**
 * Privileges: grants and revokes on databases, schemas, tables (one, or all in a schema),
 * sequences and functions, with grant option; current grants read from the objects' ACLs ({@link
 * io.pgmob.privilege.AclItem} parses PostgreSQL's {@code aclitem} text); default privileges
 * ({@code ALTER DEFAULT PRIVILEGES}); and desired state ({@code ensure}) for each.
 *
 * <pre>{@code
 * cluster.privileges().ensure(Grant.of(PrivilegeTarget.allTablesInSchema("app"), "reader", Privilege.SELECT))
 *     .map(EnsureResult::changed);
 * }</pre>
 */
@NullMarked
package io.pgmob.privilege;

import org.jspecify.annotations.NullMarked;
