package io.pgmob.role;

import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSql.Attribute;
import io.pgmob.sql.Identifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Pending changes to one role, recorded as statements. Nothing runs until {@link #apply()}, which
 * runs them all in one transaction (all or nothing) under pgmob's catalog lock. {@link #plan()}
 * shows them first, with passwords redacted.
 *
 * <pre>{@code
 * RoleAlteration a = role.alter().login(true).connectionLimit(10).password(Password.plain(pw));
 * System.out.println(a.plan());   // ALTER ROLE "app" WITH LOGIN; ... PASSWORD '***';
 * a.apply().subscribe();
 * }</pre>
 *
 * <p>Immutable: every method returns a new alteration. A password given as plaintext is hashed
 * into a SCRAM-SHA-256 verifier when the method is called; the plaintext is not kept.
 */
public final class RoleAlteration {

  private final Role role;
  private final List<Change> changes;

  RoleAlteration(Role role, List<Change> changes) {
    this.role = role;
    this.changes = List.copyOf(changes);
  }

  private RoleAlteration plus(Change c) {
    List<Change> l = new ArrayList<>(changes);
    l.add(c);
    return new RoleAlteration(role, l);
  }

  private RoleAlteration plus(List<Change> cs) {
    List<Change> l = new ArrayList<>(changes);
    l.addAll(cs);
    return new RoleAlteration(role, l);
  }

  /** {@return the role being altered (the snapshot the alteration started from)} */
  public Role role() {
    return role;
  }

  /**
   * {@code SUPERUSER} / {@code NOSUPERUSER} (changing it needs superuser).
   *
   * @param v true for {@code SUPERUSER}, false for {@code NOSUPERUSER}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration superuser(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.SUPERUSER, v));
  }

  /**
   * {@code INHERIT} / {@code NOINHERIT}.
   *
   * @param v true for {@code INHERIT}, false for {@code NOINHERIT}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration inherit(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.INHERIT, v));
  }

  /**
   * {@code CREATEROLE} / {@code NOCREATEROLE}.
   *
   * @param v true for {@code CREATEROLE}, false for {@code NOCREATEROLE}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration createRole(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.CREATEROLE, v));
  }

  /**
   * {@code CREATEDB} / {@code NOCREATEDB}.
   *
   * @param v true for {@code CREATEDB}, false for {@code NOCREATEDB}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration createDb(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.CREATEDB, v));
  }

  /**
   * {@code LOGIN} / {@code NOLOGIN}.
   *
   * @param v true for {@code LOGIN}, false for {@code NOLOGIN}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration login(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.LOGIN, v));
  }

  /**
   * {@code REPLICATION} / {@code NOREPLICATION}.
   *
   * @param v true for {@code REPLICATION}, false for {@code NOREPLICATION}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration replication(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.REPLICATION, v));
  }

  /**
   * {@code BYPASSRLS} / {@code NOBYPASSRLS}.
   *
   * @param v true for {@code BYPASSRLS}, false for {@code NOBYPASSRLS}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration bypassRls(boolean v) {
    return plus(RoleSql.attribute(role.name(), Attribute.BYPASSRLS, v));
  }

  /**
   * {@code CONNECTION LIMIT n}; -1 removes the limit.
   *
   * @param limit {@code CONNECTION LIMIT n}; -1 removes the limit
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration connectionLimit(int limit) {
    return plus(RoleSql.connectionLimit(role.name(), limit));
  }

  /**
   * {@code VALID UNTIL}; {@link Instant#MAX} is {@code infinity} (never expires).
   *
   * @param until {@code VALID UNTIL}; {@link Instant#MAX} is {@code infinity} (never expires)
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration validUntil(Instant until) {
    return plus(RoleSql.validUntil(role.name(), Objects.requireNonNull(until, "until")));
  }

  /**
   * Sets the password: a plaintext is hashed here into a SCRAM-SHA-256 verifier and only that is
   * sent; as superuser the transaction first turns statement logging off ({@code SET LOCAL}), so
   * the verifier does not reach the server log either.
   */
  public RoleAlteration password(Password password) {
    return plus(RoleSql.password(role.name(), Objects.requireNonNull(password, "password"),
        role.cluster().isSuperuser(), role.cluster().version(), ""));
  }

  /** {@return {@code PASSWORD NULL}: the role can no longer log in with a password} */
  public RoleAlteration removePassword() {
    return plus(RoleSql.password(role.name(), null, false, role.cluster().version(), ""));
  }

  /** {@code ALTER ROLE ... SET setting = value [, more]} (one value per list element). */
  public RoleAlteration set(String setting, String value, String... more) {
    List<String> values = new ArrayList<>();
    values.add(value);
    values.addAll(List.of(more));
    return plus(RoleSql.set(role.name(), setting, values));
  }

  /**
   * {@code ALTER ROLE ... RESET setting}.
   *
   * @param setting {@code ALTER ROLE ... RESET setting}
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration reset(String setting) {
    return plus(RoleSql.reset(role.name(), setting));
  }

  /**
   * {@code COMMENT ON ROLE}; null or empty removes it.
   *
   * @param text {@code COMMENT ON ROLE}; null or empty removes it
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration comment(@org.jspecify.annotations.Nullable String text) {
    return plus(RoleSql.comment(role.name(), text));
  }

  /** {@code GRANT group TO role [WITH ADMIN OPTION]}. */
  public RoleAlteration grantMembership(String group, boolean adminOption) {
    Identifier.validate(group, "role name");
    return plus(RoleSql.grantMembership(group, role.name(), adminOption));
  }

  /**
   * {@code REVOKE group FROM role}; revoking a membership that does not exist is a no-op (the server warns).
   *
   * @param group {@code REVOKE group FROM role}; revoking a membership that does not exist is a no-op (the server warns)
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration revokeMembership(String group) {
    Identifier.validate(group, "role name");
    return plus(RoleSql.revokeMembership(group, role.name()));
  }

  /**
   * {@code REVOKE ADMIN OPTION FOR group FROM role}: stays a member, loses the admin option.
   *
   * @param group {@code REVOKE ADMIN OPTION FOR group FROM role}: stays a member, loses the admin option
   * @return a new alteration with this change added; this one is unchanged
   */
  public RoleAlteration revokeAdminOption(String group) {
    Identifier.validate(group, "role name");
    return plus(RoleSql.revokeAdminOption(group, role.name()));
  }

  /** {@return the pending statements, in order; printing it never shows a password} */
  public Plan plan() {
    return new Plan(changes);
  }

  /** {@return whether nothing is pending} */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Runs the plan in one transaction (nothing half-applied) and returns the refreshed snapshot.
   * Forgets the cached {@code roles()} collection. Server errors arrive as {@link
   * io.pgmob.error.PgmobException}s with the failed statement redacted.
   */
  public Mono<Role> apply() {
    return Roles.of(role.cluster()).apply(role.name(), plan());
  }

  /** The plan, redacted. */
  @Override
  public String toString() {
    return "RoleAlteration[" + role.name() + "]:\n" + plan();
  }
}
