package io.pgmob.fleet.ops;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.pgmob.backup.BackupOptions;
import io.pgmob.backup.Format;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.hba.HbaPlacement;
import io.pgmob.hba.HbaRule;
import io.pgmob.password.Password;
import io.pgmob.privilege.Privilege;
import io.pgmob.privilege.PrivilegeTarget;
import io.pgmob.role.RoleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One administrative operation as an operator asks for it, before it is checked: the command-line
 * tool fills one from its options, the control plane binds one from the {@code operation} object
 * of a request body ({@link OperationRequests#fromJson}), and both then call {@link
 * #operation(Function)}, which checks every field and builds the {@link FleetOperation}. So each
 * operation is parsed and validated in one place, with the same messages from both front ends.
 *
 * <p>Field names are the JSON names; the command line's options are their kebab-case forms
 * ({@code connectionLimit} is {@code --connection-limit}). Passwords are never fields: a {@code
 * passwordRef} names where to read one ({@code env:NAME} or {@code file:PATH}), and the front end
 * resolves it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OperationRequest.Sql.class, name = "sql"),
    @JsonSubTypes.Type(value = OperationRequest.RotatePassword.class, name = "rotate-password"),
    @JsonSubTypes.Type(value = OperationRequest.EnsureRole.class, name = "ensure-role"),
    @JsonSubTypes.Type(value = OperationRequest.Grant.class, name = "grant"),
    @JsonSubTypes.Type(value = OperationRequest.HbaAdd.class, name = "hba-add"),
    @JsonSubTypes.Type(value = OperationRequest.HbaRemove.class, name = "hba-remove"),
    @JsonSubTypes.Type(value = OperationRequest.Backup.class, name = "backup")})
public sealed interface OperationRequest {

  /** The operation types, as {@code "type"} in JSON and as the command names. */
  List<String> TYPES = List.of("sql", "rotate-password", "ensure-role", "grant", "hba-add", "hba-remove", "backup");

  /**
   * Checks every field and builds the operation.
   *
   * @param passwords reads a {@code passwordRef} ({@code env:NAME} or {@code file:PATH}); its
   *     failure is reported against {@code passwordRef}
   * @throws InvalidRequestException naming each field that is missing or wrong, and why
   */
  FleetOperation<?> operation(Function<String, Password> passwords);

  /**
   * What a default rollout name is made of: the command word, then the inputs that make two
   * requests the same operation (never a secret).
   */
  List<String> nameParts();

  /**
   * Runs fixed SQL ({@link AdminOperations#sql}).
   *
   * @param sql the statements; required
   */
  record Sql(@Nullable String sql) implements OperationRequest {
    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      String s = e.required("sql", sql);
      e.check();
      return e.build("sql", () -> AdminOperations.sql(s));
    }

    @Override
    public List<String> nameParts() {
      return List.of("sql", String.valueOf(sql));
    }
  }

  /**
   * Sets an existing role's password ({@link AdminOperations#rotatePassword}).
   *
   * @param role the role; required
   * @param passwordRef where the new password is read; required
   */
  record RotatePassword(@Nullable String role, @Nullable String passwordRef) implements OperationRequest {
    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      String r = e.required("role", role);
      Password pw = e.password(passwordRef, passwords, true);
      e.check();
      return e.build("role", () -> AdminOperations.rotatePassword(r, pw));
    }

    @Override
    public List<String> nameParts() {
      // the name depends on the role only: the secret must not shape anything that is written down
      return List.of("rotate-password", String.valueOf(role));
    }
  }

  /**
   * Creates a role or aligns it ({@link AdminOperations#ensureRole}); attributes left null are
   * left as they are.
   *
   * @param role the role; required
   * @param login may log in
   * @param createdb may create databases
   * @param createrole may create roles
   * @param inherit inherits the privileges of its groups
   * @param connectionLimit connection limit, -1 for none
   * @param memberOf roles it must be a member of
   * @param passwordRef where its password is read
   * @param grants privileges the role must hold, each {@code PRIVILEGE[,PRIVILEGE]:KIND:OBJECT} such
   *     as {@code CONNECT:database:app} ({@link AdminOperations#grantOf}); made sure of in the same
   *     operation, on the same session, after the role is ensured
   */
  record EnsureRole(@Nullable String role, @Nullable Boolean login, @Nullable Boolean createdb,
      @Nullable Boolean createrole, @Nullable Boolean inherit, @Nullable Integer connectionLimit,
      @Nullable List<String> memberOf, @Nullable String passwordRef, @Nullable List<String> grants)
      implements OperationRequest {

    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      String r = e.required("role", role);
      RoleSpec named = r == null ? null : e.attempt("role", () -> RoleSpec.named(r));
      Password pw = e.password(passwordRef, passwords, false);
      List<io.pgmob.privilege.Grant> gs = new ArrayList<>();
      List<String> given = grants == null ? List.of() : grants;
      for (int i = 0; i < given.size(); i++) {
        String text = given.get(i);
        String field = "grants[" + i + "]";
        if (text == null || text.isBlank()) {
          e.add(field, "empty; give PRIVILEGE[,PRIVILEGE]:KIND:OBJECT, e.g. CONNECT:database:app");
        } else if (r != null) {
          io.pgmob.privilege.Grant g = e.attempt(field, () -> AdminOperations.grantOf(text.strip(), r));
          if (g != null) {
            gs.add(g);
          }
        }
      }
      e.check();
      RoleSpec spec = named;
      if (login != null) {
        spec = spec.login(login);
      }
      if (createdb != null) {
        spec = spec.createDb(createdb);
      }
      if (createrole != null) {
        spec = spec.createRole(createrole);
      }
      if (inherit != null) {
        spec = spec.inherit(inherit);
      }
      if (connectionLimit != null) {
        RoleSpec s = spec;
        spec = e.build("connectionLimit", () -> s.connectionLimit(connectionLimit));
      }
      for (String m : memberOf == null ? List.<String>of() : memberOf) {
        RoleSpec s = spec;
        spec = e.build("memberOf", () -> s.memberOf(m));
      }
      if (pw != null) {
        spec = spec.password(pw);
      }
      return AdminOperations.ensureRole(spec, gs);
    }

    @Override
    public List<String> nameParts() {
      List<String> parts = new ArrayList<>(List.of("ensure-role", String.valueOf(role), String.valueOf(login),
          String.valueOf(createdb), String.valueOf(createrole), String.valueOf(inherit), String.valueOf(connectionLimit),
          String.valueOf(memberOf == null ? List.of() : memberOf)));
      if (grants != null && !grants.isEmpty()) {
        // only when given, so the default name of an ensure-role without grants stays what it was
        parts.add(String.valueOf(grants));
      }
      return List.copyOf(parts);
    }
  }

  /**
   * Makes sure privileges are held, or with {@code revoke} not held ({@link AdminOperations#grant}).
   *
   * @param privileges such as {@code SELECT} or {@code SELECT,INSERT}; at least one
   * @param on what they are on ({@link AdminOperations#privilegeTarget}); required
   * @param to the grantee; required
   * @param database the database holding the target; null: each target's own
   * @param revoke make sure they are not held
   * @param withGrantOption also allow the grantee to grant them on
   */
  record Grant(@Nullable List<String> privileges, @Nullable String on, @Nullable String to, @Nullable String database,
      boolean revoke, boolean withGrantOption) implements OperationRequest {
    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      List<Privilege> privs = null;
      if (privileges == null || privileges.isEmpty()) {
        e.add("privileges", "required: an array such as [\"SELECT\"]");
      } else {
        privs = e.attempt("privileges", () -> AdminOperations.privileges(privileges));
      }
      String o = e.required("on", on);
      PrivilegeTarget target = o == null ? null : e.attempt("on", () -> AdminOperations.privilegeTarget(o));
      String grantee = e.required("to", to);
      e.check();
      List<Privilege> p = privs;
      io.pgmob.privilege.Grant g = e.build("privileges", () -> io.pgmob.privilege.Grant.of(target, grantee, p));
      io.pgmob.privilege.Grant grant = withGrantOption ? g.withGrantOption() : g;
      return e.build("database", () -> AdminOperations.grant(grant, database, revoke));
    }

    @Override
    public List<String> nameParts() {
      return List.of(revoke ? "revoke" : "grant", String.join(",", privileges == null ? List.of() : privileges),
          String.valueOf(on), String.valueOf(to), String.valueOf(database), String.valueOf(withGrantOption));
    }
  }

  /**
   * Puts a pg_hba.conf rule in place ({@link AdminOperations#hbaAdd(HbaRule, HbaPlacement)}): last
   * by default, or first, or before or after another rule (as written in pg_hba.conf) or rule
   * number (1 = the first).
   *
   * @param rule the rule as in pg_hba.conf; required
   * @param first put it first
   * @param before put it before this rule or rule number
   * @param after put it after this rule or rule number
   */
  record HbaAdd(@Nullable String rule, boolean first, @Nullable String before, @Nullable String after)
      implements OperationRequest {
    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      HbaRule r = e.rule("rule", rule);
      int placements = (first ? 1 : 0) + (before != null ? 1 : 0) + (after != null ? 1 : 0);
      HbaPlacement where = HbaPlacement.last();
      if (placements > 1) {
        e.add(before != null ? "before" : "after", "give at most one of first, before and after");
      } else if (first) {
        where = HbaPlacement.first();
      } else if (before != null) {
        where = e.attempt("before", () -> anchor(before, true));
      } else if (after != null) {
        where = e.attempt("after", () -> anchor(after, false));
      }
      e.check();
      return AdminOperations.hbaAdd(r, where);
    }

    private static HbaPlacement anchor(String text, boolean before) {
      String t = text.strip();
      if (t.matches("[0-9]{1,9}")) {
        int n = Integer.parseInt(t);
        if (n < 1) {
          throw new io.pgmob.error.InvalidInputException(
              "rule numbers count from 1 (the first rule in the file); got " + t);
        }
        return before ? HbaPlacement.before(n - 1) : HbaPlacement.after(n - 1);
      }
      HbaRule r = HbaRule.parse(t);
      return before ? HbaPlacement.before(r) : HbaPlacement.after(r);
    }

    @Override
    public List<String> nameParts() {
      return List.of("hba-add", renderedOrRaw(rule));
    }
  }

  /**
   * Removes every pg_hba.conf rule with the meaning of {@code rule} ({@link AdminOperations#hbaRemove}).
   *
   * @param rule the rule as in pg_hba.conf; required
   */
  record HbaRemove(@Nullable String rule) implements OperationRequest {
    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      HbaRule r = e.rule("rule", rule);
      e.check();
      return AdminOperations.hbaRemove(r);
    }

    @Override
    public List<String> nameParts() {
      return List.of("hba-remove", renderedOrRaw(rule));
    }
  }

  /**
   * Dumps a database with pg_dump on each server's host ({@link AdminOperations#backup}).
   *
   * @param database the database; required
   * @param path where on the server host, with {@code {cluster}}, {@code {database}}, {@code
   *     {timestamp}}; required
   * @param format the archive format; null: custom
   * @param schemaOnly definitions only
   */
  record Backup(@Nullable String database, @Nullable String path, @Nullable Format format, boolean schemaOnly)
      implements OperationRequest {
    @Override
    public FleetOperation<?> operation(Function<String, Password> passwords) {
      FieldErrors e = new FieldErrors();
      String db = e.required("database", database);
      String p = e.required("path", path);
      e.check();
      BackupOptions.Builder b = BackupOptions.builder().schemaOnly(schemaOnly);
      if (format != null) {
        b.format(format);
      }
      BackupOptions options = b.build();
      return e.build("database", () -> AdminOperations.backup(db, p, options));
    }

    @Override
    public List<String> nameParts() {
      return List.of("backup", String.valueOf(database), String.valueOf(path));
    }
  }

  private static String renderedOrRaw(@Nullable String rule) {
    try {
      return rule == null ? "null" : HbaRule.parse(rule).render();
    } catch (RuntimeException e) {
      return rule;
    }
  }
}
