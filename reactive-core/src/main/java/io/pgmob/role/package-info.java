/**
 * Managed roles and role memberships.
 *
 * <pre>{@code
 * cluster.roles().ensure(RoleSpec.named("app").login(true).password(Password.plain(secret))
 *         .memberOf("readers"))
 *     .subscribe(r -> log.info("{} changes: {}", r.object().name(), r.applied()));
 * }</pre>
 *
 * <p>{@link io.pgmob.role.Roles} is the lazy, cached collection behind {@code cluster.roles()};
 * a {@link io.pgmob.role.Role} is an immutable snapshot; {@link io.pgmob.role.RoleAlteration}
 * records changes as statements that can be printed as a plan and applied in one transaction;
 * {@link io.pgmob.role.RoleSpec} is the desired state {@code ensure} converges to. Passwords are
 * only ever sent as SCRAM-SHA-256 verifiers (see {@link io.pgmob.password}).
 */
@NullMarked
package io.pgmob.role;

import org.jspecify.annotations.NullMarked;
