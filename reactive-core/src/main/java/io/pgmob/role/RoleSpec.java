package io.pgmob.role;

import io.pgmob.error.InvalidInputException;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSql.Attribute;
import io.pgmob.sql.Identifier;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The desired state of one role, for {@link Roles#ensure(RoleSpec)} and {@link
 * Roles#create(RoleSpec)}. Only what is set here is compared and changed; everything left unset
 * keeps its current value (or PostgreSQL's default when the role is created). Memberships and
 * settings listed here are added or corrected; others the role has are left alone.
 *
 * <pre>{@code
 * RoleSpec app = RoleSpec.named("app")
 *     .login(true)
 *     .connectionLimit(50)
 *     .password(Password.plain(secret))
 *     .memberOf("readers")
 *     .setting("search_path", "app", "public");
 * }</pre>
 *
 * <p>Immutable and copy-on-write: every method returns a new spec, so one can serve as a
 * template. {@link #toString()} never shows the password.
 */
public final class RoleSpec {

  private final String name;
  private final Map<Attribute, Boolean> attributes;
  private final @Nullable Integer connectionLimit;
  private final @Nullable Instant validUntil;
  private final @Nullable Password password;
  private final Map<String, Boolean> memberOf;
  private final Map<String, List<String>> settings;
  private final @Nullable String comment;

  private RoleSpec(String name, Map<Attribute, Boolean> attributes, @Nullable Integer connectionLimit,
      @Nullable Instant validUntil, @Nullable Password password, Map<String, Boolean> memberOf,
      Map<String, List<String>> settings, @Nullable String comment) {
    this.name = name;
    this.attributes = Collections.unmodifiableMap(attributes); // shared by copies: never mutated
    this.connectionLimit = connectionLimit;
    this.validUntil = validUntil;
    this.password = password;
    this.memberOf = memberOf;
    this.settings = settings;
    this.comment = comment;
  }

  /**
   * A spec for the role {@code name} with nothing else set.
   *
   * @throws InvalidInputException for an empty name, a NUL in it, or over 63 bytes of UTF-8
   */
  public static RoleSpec named(String name) {
    Identifier.validate(name, "role name");
    return new RoleSpec(name, new EnumMap<>(Attribute.class), null, null, null, Map.of(), Map.of(), null);
  }

  private RoleSpec with(Attribute a, boolean v) {
    Map<Attribute, Boolean> m = new EnumMap<>(Attribute.class);
    m.putAll(attributes);
    m.put(a, v);
    return new RoleSpec(name, m, connectionLimit, validUntil, password, memberOf, settings, comment);
  }

  /** {@return the role name} */
  public String name() {
    return name;
  }

  /** {@code SUPERUSER} / {@code NOSUPERUSER}. */
  public RoleSpec superuser(boolean v) {
    return with(Attribute.SUPERUSER, v);
  }

  /** {@code INHERIT} / {@code NOINHERIT}. */
  public RoleSpec inherit(boolean v) {
    return with(Attribute.INHERIT, v);
  }

  /** {@code CREATEROLE} / {@code NOCREATEROLE}. */
  public RoleSpec createRole(boolean v) {
    return with(Attribute.CREATEROLE, v);
  }

  /** {@code CREATEDB} / {@code NOCREATEDB}. */
  public RoleSpec createDb(boolean v) {
    return with(Attribute.CREATEDB, v);
  }

  /** {@code LOGIN} / {@code NOLOGIN}. */
  public RoleSpec login(boolean v) {
    return with(Attribute.LOGIN, v);
  }

  /** {@code REPLICATION} / {@code NOREPLICATION}. */
  public RoleSpec replication(boolean v) {
    return with(Attribute.REPLICATION, v);
  }

  /** {@code BYPASSRLS} / {@code NOBYPASSRLS}. */
  public RoleSpec bypassRls(boolean v) {
    return with(Attribute.BYPASSRLS, v);
  }

  /** {@code CONNECTION LIMIT}; -1 for none. */
  public RoleSpec connectionLimit(int limit) {
    if (limit < -1) {
      throw new InvalidInputException("connection limit must be -1 (no limit) or more, not " + limit);
    }
    return new RoleSpec(name, attributes, limit, validUntil, password, memberOf, settings, comment);
  }

  /** {@code VALID UNTIL}; {@link Instant#MAX} for {@code infinity}. Kept to the microsecond. */
  public RoleSpec validUntil(Instant until) {
    return new RoleSpec(name, attributes, connectionLimit, RoleSql.truncate(until), password, memberOf, settings,
        comment);
  }

  /** The password; see {@link Password}: only a SCRAM verifier is ever sent. */
  public RoleSpec password(Password p) {
    return new RoleSpec(name, attributes, connectionLimit, validUntil, p, memberOf, settings, comment);
  }

  /** {@return the password set by {@link #password(Password)}, or null} */
  public @Nullable Password password() {
    return password;
  }

  /** Membership in {@code role} without admin option. */
  public RoleSpec memberOf(String role) {
    return memberOf(role, false);
  }

  /** Membership in {@code role}, with or without admin option. */
  public RoleSpec memberOf(String role, boolean adminOption) {
    Identifier.validate(role, "role name");
    if (role.equals(name)) {
      throw new InvalidInputException("role \"" + name + "\" cannot be a member of itself");
    }
    Map<String, Boolean> m = new LinkedHashMap<>(memberOf);
    m.put(role, adminOption);
    return new RoleSpec(name, attributes, connectionLimit, validUntil, password, Collections.unmodifiableMap(m),
        settings, comment);
  }

  /**
   * A per-role setting ({@code ALTER ROLE ... SET name = 'v1', 'v2'}). Give a list setting such
   * as {@code search_path} one value per element: {@code setting("search_path", "app", "public")}.
   */
  public RoleSpec setting(String setting, String value, String... more) {
    RoleSql.settingName(setting);
    List<String> values = new java.util.ArrayList<>();
    values.add(value);
    values.addAll(List.of(more));
    Map<String, List<String>> m = new LinkedHashMap<>(settings);
    m.put(setting.toLowerCase(java.util.Locale.ROOT), List.copyOf(values));
    return new RoleSpec(name, attributes, connectionLimit, validUntil, password, memberOf,
        Collections.unmodifiableMap(m), comment);
  }

  /** {@code COMMENT ON ROLE}; the empty string removes the comment. */
  public RoleSpec comment(String text) {
    return new RoleSpec(name, attributes, connectionLimit, validUntil, password, memberOf, settings, text);
  }

  // ---- read back (package)

  Map<Attribute, Boolean> attributes() {
    return attributes;
  }

  @Nullable Integer connectionLimitValue() {
    return connectionLimit;
  }

  @Nullable Instant validUntilValue() {
    return validUntil;
  }

  @Nullable Password passwordValue() {
    return password;
  }

  Map<String, Boolean> memberships() {
    return memberOf;
  }

  Map<String, List<String>> settingValues() {
    return settings;
  }

  @Nullable String commentValue() {
    return comment;
  }

  @Override
  public String toString() {
    return "RoleSpec[" + name + ", " + attributes + (connectionLimit != null ? ", connection limit " + connectionLimit : "")
        + (validUntil != null ? ", valid until " + RoleSql.validText(validUntil) : "")
        + (password != null ? ", password ***" : "") + (memberOf.isEmpty() ? "" : ", member of " + memberOf.keySet())
        + (settings.isEmpty() ? "" : ", settings " + settings) + "]";
  }
}
