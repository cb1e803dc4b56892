package io.pgmob.privilege;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Privileges on one target for one grantee: what {@code GRANT}, {@code REVOKE} and {@code
 * ensure} take.
 *
 * <pre>{@code
 * Grant g = Grant.of(PrivilegeTarget.schema("app"), "app_rw", Privilege.USAGE, Privilege.CREATE);
 * Grant withOption = g.withGrantOption();
 * }</pre>
 *
 * @param target what the privileges are on
 * @param grantee the role, or {@code "PUBLIC"} (or {@code "public"}) for every role; any other
 *     spelling ({@code "Public"}) is a role of that exact name, as a quoted name is in SQL
 * @param privileges at least one, each valid for the target's type
 * @param grantOption {@code WITH GRANT OPTION} (for a revoke: {@code GRANT OPTION FOR}, only the option)
 */
public record Grant(PrivilegeTarget target, String grantee, Set<Privilege> privileges, boolean grantOption) {

  /** The grantee name meaning every role. */
  public static final String PUBLIC = "PUBLIC";

  /**
   * Whether {@code grantee} names the PUBLIC pseudo-role: {@code "PUBLIC"} or {@code "public"}.
   * Grantees are role names as stored, compared exactly; PostgreSQL folds an unquoted
   * {@code PUBLIC} to {@code public}, which names the pseudo-role (no role can be called that),
   * while a quoted {@code "Public"} is an ordinary role. So {@code "Public"} is that role, never
   * every role.
   */
  public static boolean isPublic(String grantee) {
    return PUBLIC.equals(grantee) || "public".equals(grantee);
  }

  public Grant {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(grantee, "grantee");
    if (!isPublic(grantee)) {
      Identifier.validate(grantee, "grantee role name");
    }
    if (privileges.isEmpty()) {
      throw new InvalidInputException("a grant needs at least one privilege");
    }
    Set<Privilege> wrong = EnumSet.copyOf(privileges);
    wrong.removeAll(target.type().allowed());
    if (!wrong.isEmpty()) {
      throw new InvalidInputException("privilege(s) " + wrong + " do not apply to a "
          + target.type().name().toLowerCase(java.util.Locale.ROOT) + "; it accepts " + target.type().allowed());
    }
    privileges = Collections.unmodifiableSet(EnumSet.copyOf(privileges));
  }

  /** {@code privileges} on {@code target} for {@code grantee}, without grant option. */
  public static Grant of(PrivilegeTarget target, String grantee, Privilege first, Privilege... more) {
    Set<Privilege> s = EnumSet.of(first, more);
    return new Grant(target, grantee, s, false);
  }

  /** {@code privileges} on {@code target} for {@code grantee}, without grant option. */
  public static Grant of(PrivilegeTarget target, String grantee, List<Privilege> privileges) {
    return new Grant(target, grantee, privileges.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(privileges),
        false);
  }

  /** {@return this grant with grant option} */
  public Grant withGrantOption() {
    return new Grant(target, grantee, privileges, true);
  }

  /** {@return whether the grantee is PUBLIC} */
  public boolean isPublic() {
    return isPublic(grantee);
  }

  /** The grantee as it appears in an ACL item ({@code ""} for PUBLIC). */
  String aclGrantee() {
    return isPublic() ? "" : grantee;
  }
}
