package io.pgmob.fleet.ops;

import io.pgmob.Cluster;
import io.pgmob.backup.BackupOptions;
import io.pgmob.fleet.AppliedChanges;
import io.pgmob.managed.Changed;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.OperationIdentity;
import io.pgmob.hba.HbaPlacement;
import io.pgmob.hba.HbaRule;
import io.pgmob.managed.Change;
import io.pgmob.managed.EnsureResult;
import io.pgmob.managed.Plan;
import io.pgmob.password.Password;
import io.pgmob.error.InvalidInputException;
import io.pgmob.privilege.Grant;
import io.pgmob.privilege.Privilege;
import io.pgmob.privilege.PrivilegeTarget;
import io.pgmob.role.RoleSpec;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The administrative operations of {@code pgmob fleet ...} and of the control plane, as {@link
 * FleetOperation}s that a rollout can run: each has a dry-run plan and reports {@link
 * io.pgmob.fleet.Outcome#UNCHANGED} when the cluster already looked right, so re-running a rollout
 * is harmless.
 *
 * <pre>{@code
 * FleetOperation<AppliedChanges> op = AdminOperations.rotatePassword("app", Password.plain(newPassword));
 * fleet.rollout("env=prod", Rollout.builder("rotate-app").canary(1).build(), op);
 * }</pre>
 */
public final class AdminOperations {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private AdminOperations() {}

  /**
   * A value of an operation that is not a list of SQL changes (a file edited, a dump written).
   *
   * @param summary what was done, one line
   * @param changed whether anything changed
   */
  public record Done(String summary, boolean changed) implements Changed {
    @Override
    public String toString() {
      return summary;
    }
  }

  /**
   * Runs fixed SQL (several {@code ;}-separated statements allowed, simple protocol). Not
   * reconcilable: after a lost connection the cluster fails "effect unknown" rather than running it
   * twice. Its plan is the SQL.
   *
   * @param sql the statements, sent as written
   * @return the operation
   */
  public static FleetOperation<Void> sql(String sql) {
    Objects.requireNonNull(sql, "sql");
    if (sql.isBlank()) {
      throw new InvalidInputException("the SQL to roll out is empty");
    }
    return FleetOperation.sql(sql);
  }

  /**
   * Sets the password of an existing role, sent as a SCRAM-SHA-256 verifier computed on the client;
   * a cluster where the role already has this password reports unchanged (superuser sessions can
   * compare; others always set it). A cluster without the role fails (the role is not created).
   *
   * @param role the role whose password changes
   * @param password the new password; only its verifier leaves this process
   * @return the operation; safe to repeat, so a lost attempt is checked and not blindly redone
   */
  public static FleetOperation<AppliedChanges> rotatePassword(String role, Password password) {
    Identifier.validate(role, "role name");
    Objects.requireNonNull(password, "password");
    RoleSpec spec = RoleSpec.named(role).password(password);
    return FleetOperation.idempotent(c -> c.roles().get(role).flatMap(r -> r.ensurePassword(password)).map(AdminOperations::applied))
        .withPlan(c -> c.roles().get(role).then(c.roles().ensurePlan(spec)))
        .describedAs("rotate the password of role " + role)
        // the new password is part of what this operation is: a journal of a rotation to another
        // password is not this rotation (kept as a salted digest only)
        .identifiedBy(OperationIdentity.of("rotate the password of role " + role, role).withSecret(password));
  }

  /**
   * Creates the role or changes only what differs from {@code spec} ({@code roles().ensure}).
   *
   * @param spec the role as it should be
   * @return the operation; unchanged on clusters where the role is already as specified
   */
  public static FleetOperation<AppliedChanges> ensureRole(RoleSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return FleetOperation.idempotent(c -> c.roles().ensure(spec).map(AdminOperations::applied))
        .withPlan(c -> c.roles().ensurePlan(spec))
        .describedAs("ensure role " + spec.name())
        .identifiedBy(spec.password() == null ? OperationIdentity.of("ensure role " + spec.name(), spec.toString())
            : OperationIdentity.of("ensure role " + spec.name(), spec.toString()).withSecret(spec.password()));
  }

  /**
   * Creates the role or changes only what differs from {@code spec}, then makes sure each of
   * {@code grants} is held: one operation, so one rollout and one connection per cluster (a
   * rotation that creates the role if missing, sets its password and grants what it needs). The
   * grants run on the operation's session, after the role is ensured; a grant on a schema, table,
   * sequence or function is therefore on the objects of each target's own database (a database
   * grant is on any database). The value lists every change applied, role first; a cluster where
   * everything was already in place reports unchanged.
   *
   * @param spec the role as it should be
   * @param grants privileges the role must hold afterwards
   * @return the operation; unchanged on clusters where role and grants are already as specified
   * @param grants to {@code spec}'s role, as {@link #grantOf(String, String)} parses them; may be empty
   */
  public static FleetOperation<AppliedChanges> ensureRole(RoleSpec spec, List<Grant> grants) {
    Objects.requireNonNull(spec, "spec");
    List<Grant> gs = List.copyOf(grants);
    if (gs.isEmpty()) {
      return ensureRole(spec);
    }
    for (Grant g : gs) {
      if (!g.grantee().equals(spec.name())) {
        throw new InvalidInputException("grant " + g.privileges() + " on " + g.target().describe() + " is to "
            + g.grantee() + ", not to the role ensured (" + spec.name() + ")");
      }
    }
    String what = "ensure role " + spec.name() + " with " + gs.stream()
        .map(g -> g.privileges() + " on " + g.target().describe()).collect(Collectors.joining(", "));
    OperationIdentity id = OperationIdentity.of(what, spec.toString(), gs.toString());
    boolean functions = gs.stream().anyMatch(g -> g.target().type() == io.pgmob.privilege.ObjectType.FUNCTION);
    return FleetOperation.idempotent(c -> functions
            ? c.roles().ensure(spec).flatMap(role -> Flux.fromIterable(gs)
                .concatMap(g -> c.privileges().ensure(g))
                .collectList()
                .map(granted -> {
                  List<Change> all = new ArrayList<>(role.applied());
                  granted.forEach(r -> all.addAll(r.applied()));
                  return new AppliedChanges(all, false);
                }))
            // the role and its grants in one transaction: two round trips, one to read, one to apply
            : io.pgmob.managed.Changes.<io.pgmob.managed.EnsureResult<?>>converge(c, together(c, spec, gs))
                .map(results -> {
                  List<Change> all = new ArrayList<>();
                  results.forEach(r -> all.addAll(r.applied()));
                  return new AppliedChanges(all, false);
                }))
        .withPlan(c -> c.roles().ensurePlan(spec).flatMap(rolePlan -> Flux.fromIterable(gs)
            .concatMap(g -> grantEnsurePlan(c, g))
            .reduce(rolePlan, Plan::plus)))
        .describedAs(what)
        .identifiedBy(spec.password() == null ? id : id.withSecret(spec.password()));
  }

  private static List<io.pgmob.managed.Convergence<? extends io.pgmob.managed.EnsureResult<?>>> together(Cluster c,
      RoleSpec spec, List<Grant> grants) {
    List<io.pgmob.managed.Convergence<? extends io.pgmob.managed.EnsureResult<?>>> all = new ArrayList<>();
    all.add(c.roles().ensuring(spec));
    grants.forEach(g -> all.add(c.privileges().ensuring(g)));
    return all;
  }

  /**
   * Parses one grant to {@code grantee} as written after {@code --grant} or in a request's {@code
   * grants}: {@code PRIVILEGE[,PRIVILEGE]:KIND:OBJECT}, e.g. {@code CONNECT:database:app}, {@code
   * USAGE:schema:app}, {@code SELECT,INSERT:all-tables:app}. The privileges are read by {@link
   * #privileges(List)} and the target by {@link #privilegeTarget(String)}, as {@code grant} reads them.
   *
   * @param text the grant, {@code PRIVILEGE[,PRIVILEGE]:KIND:OBJECT}
   * @param grantee the role that receives it
   * @return the grant
   * @throws InvalidInputException saying which part is wrong and what is accepted
   */
  public static Grant grantOf(String text, String grantee) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidInputException("'" + text + "' must look like PRIVILEGE[,PRIVILEGE]:KIND:OBJECT, "
          + "e.g. CONNECT:database:app or SELECT:all-tables:app");
    }
    List<Privilege> privs = privileges(List.of(text.substring(0, colon)));
    PrivilegeTarget target = privilegeTarget(text.substring(colon + 1));
    return Grant.of(target, grantee, privs);
  }

  /** What {@code privileges().ensure(grant)} would run, read from the target's ACL (functions: the full grant). */
  private static Mono<Plan> grantEnsurePlan(Cluster c, Grant g) {
    if (g.target().type() == io.pgmob.privilege.ObjectType.FUNCTION) {
      return c.privileges().grantPlan(g);
    }
    return c.privileges().list(g.target()).collectList()
        .map(acls -> io.pgmob.privilege.Privileges.ensurePlan(g, acls));
  }

  /**
   * Makes sure {@code grant} is held ({@code revoke == false}) or not held, in {@code database}
   * (null: the target's own database). A revoke has no dry-run plan (its dry run skips).
   *
   * @param grant the privileges, the object and the grantee
   * @param database the database to grant in; null for each target's own
   * @param revoke true to make sure the grant is not held
   * @return the operation
   */
  public static FleetOperation<AppliedChanges> grant(Grant grant, @Nullable String database, boolean revoke) {
    Objects.requireNonNull(grant, "grant");
    if (database != null) {
      Identifier.validate(database, "database name");
    }
    FleetOperation<AppliedChanges> op = FleetOperation.idempotent(c -> inDatabase(c, database,
        d -> (revoke ? d.privileges().ensureRevoked(grant) : d.privileges().ensure(grant)).map(AdminOperations::applied)));
    String what = (revoke ? "revoke " : "grant ") + grant.privileges() + " on " + grant.target().describe()
        + (revoke ? " from " : " to ") + grant.grantee();
    OperationIdentity id = OperationIdentity.of(what, String.valueOf(database), String.valueOf(revoke), String.valueOf(grant.grantOption()));
    return revoke ? op.describedAs(what).identifiedBy(id)
        : op.withPlan(c -> inDatabase(c, database, d -> d.privileges().grantPlan(grant))).describedAs(what).identifiedBy(id);
  }

  /**
   * Appends {@code rule} to pg_hba.conf unless a rule with the same meaning is there, then reloads.
   *
   * @param rule the rule to add
   * @return the operation; unchanged where the rule is already there
   */
  public static FleetOperation<Done> hbaAdd(HbaRule rule) {
    return hbaAdd(rule, HbaPlacement.last());
  }

  /**
   * Puts {@code rule} in pg_hba.conf at {@code placement} unless a rule with the same meaning is
   * there, placed as asked, then reloads (see {@link io.pgmob.hba.HbaRules#add(HbaRule,
   * HbaPlacement)}). The summary carries a warning when an earlier rule keeps the rule from ever
   * applying.
   *
   * @param rule the rule to add
   * @param placement where in the file: first, before or after a rule, at a position
   * @return the operation; unchanged where the rule is already there, placed as asked
   */
  public static FleetOperation<Done> hbaAdd(HbaRule rule, HbaPlacement placement) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(placement, "placement");
    String line = rule.render();
    String where = placement.equals(HbaPlacement.last()) ? "" : " (" + placement + ")";
    return FleetOperation.idempotent(c -> c.hbaRules().add(rule, placement)
            .map(e -> new Done((e.changed() ? "added to " + e.file().path() + where + ": " + line
                : "already in " + e.file().path())
                + e.warnings().stream().map(w -> "; WARNING: " + w).collect(Collectors.joining()), e.changed())))
        .withPlan(c -> c.hbaRules().read().map(f -> !f.place(rule, placement).isChanged() ? Plan.empty()
            : Plan.of(Change.outsideTransaction("put in " + f.path() + where + " and reload",
                comment("pg_hba.conf += " + line + where)))))
        .describedAs("add pg_hba.conf rule " + line + where)
        .identifiedBy(OperationIdentity.of("add pg_hba.conf rule " + line + where, "hba-add", line, String.valueOf(placement)));
  }

  /**
   * Removes every pg_hba.conf rule with the meaning of {@code rule} (none: unchanged), then reloads.
   *
   * @param rule the rule to remove, compared by meaning
   * @return the operation; unchanged where no such rule is there
   */
  public static FleetOperation<Done> hbaRemove(HbaRule rule) {
    Objects.requireNonNull(rule, "rule");
    String line = rule.render();
    return FleetOperation.idempotent(c -> c.hbaRules().read().flatMap(f -> !f.contains(rule)
            ? Mono.just(new Done("not in " + f.path(), false))
            // removed under the writer lock, from the file as it is then
            : c.hbaRules().remove(rule).map(w -> new Done("removed from " + w.path() + ": " + line, true))))
        .withPlan(c -> c.hbaRules().read().map(f -> !f.contains(rule) ? Plan.empty()
            : Plan.of(Change.outsideTransaction("remove from " + f.path() + " and reload", comment("pg_hba.conf -= " + line)))))
        .describedAs("remove pg_hba.conf rule " + line)
        .identifiedBy(OperationIdentity.of("remove pg_hba.conf rule " + line, "hba-remove", line));
  }

  /**
   * Dumps {@code database} with pg_dump to a file on each server's host. In {@code path}, {@code
   * {cluster}} becomes the target's name, {@code {database}} the database and {@code {timestamp}}
   * the UTC time the operation was built (one value for the whole rollout).
   *
   * @param database the database to dump
   * @param path the file on the server's host, with {@code {cluster}}, {@code {database}} and
   *     {@code {timestamp}} filled in
   * @param options the pg_dump options
   * @return the operation
   */
  public static FleetOperation<Done> backup(String database, String path, BackupOptions options) {
    return backup(database, path, options, Clock.systemUTC());
  }

  static FleetOperation<Done> backup(String database, String path, BackupOptions options, Clock clock) {
    Identifier.validate(database, "database name");
    if (path.isBlank()) {
      throw new InvalidInputException("a backup path is needed");
    }
    String stamp = STAMP.format(clock.instant());
    Function<Cluster, String> file = c -> path.replace("{cluster}", safe(c.name())).replace("{database}", safe(database))
        .replace("{timestamp}", stamp);
    return FleetOperation.<Done>of(c -> c.backups().toFile().options(options).backup(database, file.apply(c))
            .thenReturn(new Done("dumped " + database + " to " + file.apply(c), true)))
        .withPlan(c -> c.backups().toFile().options(options).command(database, file.apply(c))
            .map(cmd -> Plan.of(Change.outsideTransaction("run pg_dump on the server host", comment(cmd.text())))))
        .describedAs("back up database " + database)
        .identifiedBy(OperationIdentity.of("back up database " + database, database, path));
  }

  /**
   * Parses a grant target as written on the command line or in a control-plane request: {@code
   * database:NAME}, {@code schema:NAME}, {@code table:SCHEMA.NAME}, {@code all-tables:SCHEMA},
   * {@code sequence:SCHEMA.NAME}, {@code all-sequences:SCHEMA}, {@code function:SCHEMA.NAME(argtype,...)}.
   *
   * @param text the target, {@code KIND:OBJECT}
   * @return the privilege target
   * @throws InvalidInputException naming the accepted forms when it is none of them
   */
  public static PrivilegeTarget privilegeTarget(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidInputException("grant target '" + text + "' must look like KIND:NAME; " + TARGET_FORMS);
    }
    String kind = text.substring(0, colon).toLowerCase(Locale.ROOT);
    String name = text.substring(colon + 1);
    switch (kind) {
      case "database":
        return PrivilegeTarget.database(name);
      case "schema":
        return PrivilegeTarget.schema(name);
      case "all-tables":
        return PrivilegeTarget.allTablesInSchema(name);
      case "all-sequences":
        return PrivilegeTarget.allSequencesInSchema(name);
      case "table":
        return PrivilegeTarget.table(schemaOf(text, name), nameOf(name));
      case "sequence":
        return PrivilegeTarget.sequence(schemaOf(text, name), nameOf(name));
      case "function": {
        int open = name.indexOf('(');
        if (open < 0 || !name.endsWith(")")) {
          throw new InvalidInputException("function target '" + text + "' needs its argument types: function:SCHEMA.NAME(int,text)");
        }
        String qualified = name.substring(0, open);
        String args = name.substring(open + 1, name.length() - 1).strip();
        String[] types = args.isEmpty() ? new String[0] : args.split("\\s*,\\s*");
        return PrivilegeTarget.function(schemaOf(text, qualified), nameOf(qualified), types);
      }
      default:
        throw new InvalidInputException("unknown grant target kind '" + kind + "'; " + TARGET_FORMS);
    }
  }

  /**
   * Parses privileges such as {@code SELECT,INSERT} (case-insensitive, {@code ALL} not accepted:
   * name them).
   *
   * @param names privilege names, each possibly a comma-separated list
   * @return the privileges, in the order given
   * @throws InvalidInputException for an unknown privilege, naming the known ones
   */
  public static List<Privilege> privileges(List<String> names) {
    List<Privilege> out = new ArrayList<>();
    for (String n : names) {
      for (String part : n.split(",")) {
        String p = part.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
        if (p.isEmpty()) {
          continue;
        }
        try {
          out.add(Privilege.valueOf(p));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException("unknown privilege '" + part.strip() + "'; known: " + Arrays.toString(Privilege.values()));
        }
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("name at least one privilege, e.g. SELECT,INSERT");
    }
    return out;
  }

  private static final String TARGET_FORMS = "use database:NAME, schema:NAME, table:SCHEMA.NAME, all-tables:SCHEMA, "
      + "sequence:SCHEMA.NAME, all-sequences:SCHEMA or function:SCHEMA.NAME(ARGTYPES)";

  private static String schemaOf(String text, String qualified) {
    int dot = qualified.indexOf('.');
    if (dot <= 0 || dot == qualified.length() - 1) {
      throw new InvalidInputException("target '" + text + "' needs a schema-qualified name: SCHEMA.NAME");
    }
    return qualified.substring(0, dot);
  }

  private static String nameOf(String qualified) {
    return qualified.substring(qualified.indexOf('.') + 1);
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static Sql comment(String text) {
    return Sql.raw("-- " + text.replace('\n', ' ').replace('\r', ' '));
  }

  private static <T> Mono<T> inDatabase(Cluster c, @Nullable String database, Function<Cluster, Mono<T>> work) {
    if (database == null || database.equals(c.currentDatabase())) {
      return work.apply(c);
    }
    return Mono.usingWhen(c.connectTo(database), work, Cluster::close);
  }

  private static AppliedChanges applied(EnsureResult<?> result) {
    return new AppliedChanges(result.applied(), false);
  }
}
