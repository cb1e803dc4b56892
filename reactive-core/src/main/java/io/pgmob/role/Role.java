package io.pgmob.role;

import io.pgmob.managed.EnsureResult;
import io.pgmob.session.SqlSession;
import io.pgmob.password.Password;
import io.pgmob.sql.Identifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An immutable snapshot of one role, read from {@code pg_roles} (no superuser needed), with its
 * memberships, per-role settings ({@code ALTER ROLE ... SET}) and comment. Changing it goes
 * through {@link #alter()}, which records statements that run only on {@link
 * RoleAlteration#apply()}; the snapshot itself never changes, {@link #refresh()} reads a new one.
 *
 * <pre>{@code
 * cluster.roles().get("app")
 *     .flatMap(role -> role.alter().login(true).connectionLimit(20).apply())
 *     .subscribe(role -> System.out.println(role.connectionLimit()));
 * }</pre>
 *
 * <p>Thread-safe. {@link #toString()} never shows a password (a snapshot holds none).
 */
public final class Role {

  private final SqlSession<?> cluster;
  private final long oid;
  private final String name;
  private final boolean superuser;
  private final boolean inherit;
  private final boolean createRole;
  private final boolean createDb;
  private final boolean login;
  private final boolean replication;
  private final boolean bypassRls;
  private final int connectionLimit;
  private final @Nullable Instant validUntil;
  private final List<Membership> memberOf;
  private final Map<String, String> settings;
  private final @Nullable String comment;

  Role(SqlSession<?> cluster, long oid, String name, boolean superuser, boolean inherit, boolean createRole,
      boolean createDb, boolean login, boolean replication, boolean bypassRls, int connectionLimit,
      @Nullable Instant validUntil, List<Membership> memberOf, Map<String, String> settings,
      @Nullable String comment) {
    this.cluster = cluster;
    this.oid = oid;
    this.name = name;
    this.superuser = superuser;
    this.inherit = inherit;
    this.createRole = createRole;
    this.createDb = createDb;
    this.login = login;
    this.replication = replication;
    this.bypassRls = bypassRls;
    this.connectionLimit = connectionLimit;
    this.validUntil = validUntil;
    this.memberOf = List.copyOf(memberOf);
    this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.comment = comment;
  }

  /** {@return the cluster this snapshot was read from} */
  public SqlSession<?> cluster() {
    return cluster;
  }

  /** {@return the role's oid} */
  public long oid() {
    return oid;
  }

  /** {@return the role name exactly as stored} */
  public String name() {
    return name;
  }

  /** {@return {@code rolsuper}} */
  public boolean superuser() {
    return superuser;
  }

  /** {@return {@code rolinherit}: whether it uses the privileges of roles it is a member of} */
  public boolean inherit() {
    return inherit;
  }

  /** {@return {@code rolcreaterole}} */
  public boolean createRole() {
    return createRole;
  }

  /** {@return {@code rolcreatedb}} */
  public boolean createDb() {
    return createDb;
  }

  /** {@return {@code rolcanlogin}} */
  public boolean login() {
    return login;
  }

  /** {@return {@code rolreplication}} */
  public boolean replication() {
    return replication;
  }

  /** {@return {@code rolbypassrls}} */
  public boolean bypassRls() {
    return bypassRls;
  }

  /** {@return {@code rolconnlimit}; -1 is no limit} */
  public int connectionLimit() {
    return connectionLimit;
  }

  /**
   * {@code rolvaliduntil}: when the password stops being valid; null when no limit was set;
   * {@code infinity} is {@link Instant#MAX} and {@code -infinity} {@link Instant#MIN}.
   */
  public @Nullable Instant validUntil() {
    return validUntil;
  }

  /** {@return the roles this role is a member of} */
  public List<Membership> memberOf() {
    return memberOf;
  }

  /** Whether this role is a member of {@code role} (directly). */
  public boolean isMemberOf(String role) {
    return memberOf.stream().anyMatch(m -> m.role().equals(role));
  }

  /** The membership in {@code role}, if this role is a direct member. */
  public Optional<Membership> membershipIn(String role) {
    return memberOf.stream().filter(m -> m.role().equals(role)).reduce((a, b) -> a.adminOption() ? a : b);
  }

  /**
   * Per-role settings for every database ({@code ALTER ROLE ... SET}), name to value as the
   * server stores them (list values such as {@code search_path} as {@code a, "b c"}).
   */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * {@link #settings()} as {@link RoleSpec#setting(String, String, String...)} takes them: a list
   * setting ({@code search_path}, {@code temp_tablespaces}, ...) split into its elements, any
   * other setting as one value. A spec built from these matches this role.
   */
  public Map<String, List<String>> settingValues() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, Roles.LIST_SETTINGS.contains(k) ? RoleSql.splitList(v) : List.of(v)));
    return out;
  }

  /** {@return {@code COMMENT ON ROLE}, or null} */
  public @Nullable String comment() {
    return comment;
  }

  // ---- changes

  /** {@return an empty alteration of this role: add changes, print its {@code plan()}, then {@code apply()}} */
  public RoleAlteration alter() {
    return new RoleAlteration(this, List.of());
  }

  /**
   * Sets the password, sent only as a SCRAM-SHA-256 verifier computed on the client (or the hash
   * given with {@link Password#hashed(String)}). As superuser, statement logging is switched off
   * for the transaction ({@code SET LOCAL log_statement = 'none'}, {@code log_min_error_statement
   * = 'panic'}), so not even the verifier reaches the server log, also if the statement fails.
   *
   * @return the refreshed snapshot
   */
  public Mono<Role> changePassword(Password password) {
    return alter().password(password).apply();
  }

  /**
   * Makes sure the password is {@code password}: when the stored hash can be read (superuser:
   * {@code pg_authid}), a plaintext is compared by recomputing the verifier with the stored salt
   * and iteration count, and nothing is sent if it matches. When it cannot be read the password
   * is set, and the change's description says it could not be compared.
   *
   * @return the result; {@code changed()} is false when the password already matched
   */
  public Mono<EnsureResult<Role>> ensurePassword(Password password) {
    return Roles.of(cluster).ensure(RoleSpec.named(name).password(password));
  }

  /** Renames the role. Note: PostgreSQL clears an {@code md5} password on rename (SCRAM ones stay). */
  public Mono<Role> rename(String newName) {
    return Roles.of(cluster).rename(this, newName);
  }

  /** {@return {@code DROP ROLE}; fails with {@link RoleInUseException} if it owns objects or holds privileges} */
  public Mono<Void> drop() {
    return drop(DropRoleOptions.none());
  }

  /** Drops the role, first reassigning or dropping what it owns in every database, per {@code options}. */
  public Mono<Void> drop(DropRoleOptions options) {
    return Roles.of(cluster).drop(name, options);
  }

  /** {@return A new snapshot of this role; fails with {@code ObjectNotFoundException} if it was dropped} */
  public Mono<Role> refresh() {
    return Roles.of(cluster).reload(name);
  }

  /** Grants membership in {@code role} ({@code GRANT role TO this}). */
  public Mono<Role> grantMembership(String role, boolean adminOption) {
    return alter().grantMembership(role, adminOption).apply();
  }

  /** Revokes membership in {@code role}; a documented no-op if there is none (the server only warns). */
  public Mono<Role> revokeMembership(String role) {
    return alter().revokeMembership(role).apply();
  }

  /**
   * The DDL that recreates this role: {@code CREATE ROLE} with every attribute, per-role settings,
   * comment and memberships. Built from this snapshot, which is read from {@code pg_roles}, so it
   * needs no superuser; it never contains the password (reading the hash would need superuser and
   * would put a secret in a string): set one with {@link #changePassword(Password)} after running it.
   */
  public Mono<String> script() {
    return script(name);
  }

  /** {@link #script()} for a role named {@code asName}: clones this role's attributes, settings and memberships. */
  public Mono<String> script(String asName) {
    Identifier.validate(asName, "role name");
    return Mono.fromCallable(() -> Roles.scriptOf(this, asName));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Role r && r.oid == oid && r.name.equals(name) && r.superuser == superuser
        && r.inherit == inherit && r.createRole == createRole && r.createDb == createDb && r.login == login
        && r.replication == replication && r.bypassRls == bypassRls && r.connectionLimit == connectionLimit
        && Objects.equals(r.validUntil, validUntil) && r.memberOf.equals(memberOf) && r.settings.equals(settings)
        && Objects.equals(r.comment, comment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(oid, name);
  }

  @Override
  public String toString() {
    return "Role[" + name + (superuser ? ", superuser" : "") + (login ? ", login" : ", nologin")
        + (createRole ? ", createrole" : "") + (createDb ? ", createdb" : "")
        + (replication ? ", replication" : "") + (bypassRls ? ", bypassrls" : "")
        + (inherit ? "" : ", noinherit") + (connectionLimit >= 0 ? ", connection limit " + connectionLimit : "")
        + (validUntil != null ? ", valid until " + RoleSql.validText(validUntil) : "")
        + (memberOf.isEmpty() ? "" : ", member of " + memberOf.stream().map(Membership::role).toList())
        + "]";
  }
}
