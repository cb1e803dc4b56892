package io.pgmob.fleet.state;

import io.pgmob.Cluster;
import io.pgmob.session.Row;
import io.pgmob.database.Database;
import io.pgmob.database.DatabaseAlteration;
import io.pgmob.database.DatabaseSpec;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.state.ClusterPlan.Step;
import io.pgmob.fleet.state.Decls.DatabaseDecl;
import io.pgmob.fleet.state.Decls.Desired;
import io.pgmob.fleet.state.Decls.ExclusiveDecl;
import io.pgmob.fleet.state.Decls.GrantDecl;
import io.pgmob.fleet.state.Decls.RoleDecl;
import io.pgmob.fleet.state.Decls.SchemaDecl;
import io.pgmob.managed.Plan;
import io.pgmob.password.Password;
import io.pgmob.password.PasswordMatch;
import io.pgmob.privilege.AclItem;
import io.pgmob.privilege.Privilege;
import io.pgmob.privilege.Grant;
import io.pgmob.privilege.ObjectAcl;
import io.pgmob.privilege.ObjectType;
import io.pgmob.privilege.PrivilegeTarget;
import io.pgmob.privilege.Privileges;
import io.pgmob.role.DropRoleOptions;
import io.pgmob.role.Role;
import io.pgmob.role.RoleSpec;
import io.pgmob.role.Roles;
import io.pgmob.schema.Schema;
import io.pgmob.schema.SchemaSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Plans one cluster: reads what the desired state talks about in a fixed number of queries (not
 * one per object), then computes each kind's plan with that kind's own diff ({@link
 * Roles#ensurePlan(RoleSpec, Role, PasswordMatch)}, {@link DatabaseAlteration#plan()}, {@link
 * Schema.Alteration#plan()}, {@link Privileges#ensurePlan(Grant, List)}), so a state plan is what
 * the kinds' {@code ensure} would do.
 *
 * <p>Queries on the target's session: roles and memberships (2, when the file names roles), the
 * stored verifiers of roles with a password (1, superuser only), databases (1) and their ACLs
 * (1, when the file grants on databases). Per database with declared schemas: a session to it
 * (the target's own session for its own database), schemas (1) and their ACLs (1).
 */
final class Planner {

  static final String PASSWORDS = "SELECT rolname::text AS name, rolpassword::text AS password FROM pg_authid"
      + " WHERE rolname = ANY($1::text[])";
  // acldefault: a NULL ACL means the built-in defaults, as in the privilege kind's queries
  static final String DATABASE_ACLS = "SELECT d.datname::text AS name, pg_get_userbyid(d.datdba)::text AS owner,"
      + " coalesce(d.datacl, acldefault('d', d.datdba))::text[] AS acl FROM pg_database d";
  static final String SCHEMA_ACLS = "SELECT n.nspname::text AS name, pg_get_userbyid(n.nspowner)::text AS owner,"
      + " coalesce(n.nspacl, acldefault('n', n.nspowner))::text[] AS acl FROM pg_namespace n";

  /** The bootstrap superuser's OID (the role initdb created): never dropped. */
  static final long BOOTSTRAP_SUPERUSER = 10;

  private final Cluster c;
  private final String target;
  private final Desired desired;
  private final Set<String> external;
  private final Function<Credentials, Password> secrets;

  private Planner(Cluster c, String target, Desired desired, Set<String> external,
      Function<Credentials, Password> secrets) {
    this.c = c;
    this.target = target;
    this.desired = desired;
    this.external = external;
    this.secrets = secrets;
  }

  /** Reads {@code c} and computes what it needs to match {@code desired}. */
  static Mono<ClusterPlan> plan(Cluster c, String target, Desired desired, Set<String> external,
      Function<Credentials, Password> secrets) {
    if (desired.isEmpty()) {
      return Mono.just(new ClusterPlan(target, List.of()));
    }
    return new Planner(c, target, desired, external, secrets).plan();
  }

  /** What the cluster-wide queries read. */
  private record Snapshot(Map<String, Role> roles, Map<String, @Nullable String> verifiers,
      Map<String, Database> databases, Map<String, ObjectAcl> databaseAcls) {}

  /** What a database's queries read (empty for a database that does not exist yet). */
  private record DatabaseSnapshot(Map<String, Schema> schemas, Map<String, ObjectAcl> acls) {
    static final DatabaseSnapshot EMPTY = new DatabaseSnapshot(Map.of(), Map.of());
  }

  private Mono<ClusterPlan> plan() {
    return snapshot().flatMap(snap -> Flux.fromIterable(desired.databases().values())
            .filter(d -> !d.schemas().isEmpty())
            .concatMap(d -> databaseSnapshot(d, snap).map(ds -> Map.entry(d.name(), ds)))
            .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
            .map(perDb -> compute(snap, perDb)))
        .map(steps -> new ClusterPlan(target, steps));
  }

  private Mono<Snapshot> snapshot() {
    boolean roles = !desired.roles().isEmpty() || !desired.exclusive().isEmpty();
    boolean databases = !desired.databases().isEmpty() || !desired.exclusive().isEmpty();
    boolean databaseGrants = desired.databases().values().stream().anyMatch(d -> !d.grants().isEmpty())
        || (!desired.databases().isEmpty() && desired.exclusiveGrants());
    String[] withPassword = desired.roles().values().stream().filter(r -> r.password() != null)
        .map(RoleDecl::name).toArray(String[]::new);
    Roles r = c.roles();
    Mono<Map<String, Role>> roleMap = !roles ? Mono.just(Map.of())
        : r.refresh().thenMany(Flux.defer(r::all)).collectMap(Role::name, x -> x, LinkedHashMap::new);
    // pg_authid is for superusers; otherwise a password cannot be compared and is set (as ensure does)
    Mono<Map<String, @Nullable String>> verifiers = withPassword.length == 0 ? Mono.just(Map.of())
        : c.superuser().flatMap(superuser -> !superuser ? Mono.just(Map.<String, @Nullable String>of())
            : c.list(PASSWORDS, (Object) withPassword).map(rows -> {
              Map<String, @Nullable String> m = new HashMap<>();
              rows.forEach(row -> m.put(row.getString("name"), row.getString("password")));
              return m;
            }));
    var d = c.databases();
    Mono<Map<String, Database>> dbMap = !databases ? Mono.just(Map.of())
        : d.refresh().thenMany(Flux.defer(d::all)).collectMap(Database::name, x -> x, LinkedHashMap::new);
    Mono<Map<String, ObjectAcl>> dbAcls = !databaseGrants ? Mono.just(Map.of()) : acls(c, DATABASE_ACLS, ObjectType.DATABASE);
    return roleMap.flatMap(rm -> verifiers.flatMap(v -> dbMap.flatMap(dm -> dbAcls.map(a -> new Snapshot(rm, v, dm, a)))));
  }

  /** The ACLs one of {@link #DATABASE_ACLS} or {@link #SCHEMA_ACLS} reads, by object name. */
  static Mono<Map<String, ObjectAcl>> acls(Cluster via, String sql, ObjectType type) {
    return via.list(sql).map(rows -> {
      Map<String, ObjectAcl> m = new HashMap<>();
      for (Row row : rows) {
        List<String> acl = row.getStringList("acl");
        m.put(row.getString("name"), new ObjectAcl(type, row.getString("name"), row.getString("owner"),
            acl == null ? List.of() : acl.stream().map(AclItem::parse).toList()));
      }
      return m;
    });
  }

  private Mono<DatabaseSnapshot> databaseSnapshot(DatabaseDecl d, Snapshot snap) {
    Database db = snap.databases().get(d.name());
    if (db == null) {
      return Mono.just(DatabaseSnapshot.EMPTY);
    }
    if (!db.allowConnections()) {
      return Mono.error(new InvalidInputException("database \"" + d.name() + "\" does not allow connections, so its "
          + "schemas cannot be read; allow them first (allow_connections: true in a block without schemas)"));
    }
    boolean own = d.name().equals(c.currentDatabase());
    return Mono.usingWhen(own ? Mono.just(c) : c.connectTo(d.name()),
        s -> s.schemas().refresh().thenMany(Flux.defer(() -> s.schemas().all()))
            .collectMap(Schema::name, x -> x, LinkedHashMap::new)
            .flatMap(schemas -> acls(s, SCHEMA_ACLS, ObjectType.SCHEMA).map(a -> new DatabaseSnapshot(schemas, a))),
        s -> own ? Mono.empty() : s.close());
  }

  private List<Step> compute(Snapshot snap, Map<String, DatabaseSnapshot> perDb) {
    List<Step> steps = new ArrayList<>();
    Plan cluster = Plan.empty();
    Roles roles = c.roles();
    for (RoleDecl r : ordered(desired.roles())) {
      cluster = cluster.plus(roles.ensurePlan(spec(r), snap.roles().get(r.name()), passwordMatch(r, snap)));
    }
    for (DatabaseDecl d : desired.databases().values()) {
      Database db = snap.databases().get(d.name());
      if (db == null) {
        DatabaseSpec.Builder b = DatabaseSpec.builder(d.name()).owner(d.owner()).connectionLimit(d.connectionLimit())
            .allowConnections(d.allowConnections());
        cluster = cluster.plus(c.databases().createPlan(b.build()));
      } else {
        DatabaseAlteration a = db.alter();
        if (d.owner() != null) {
          a = a.owner(d.owner());
        }
        if (d.connectionLimit() != null) {
          a = a.connectionLimit(d.connectionLimit());
        }
        if (d.allowConnections() != null) {
          a = a.allowConnections(d.allowConnections());
        }
        cluster = cluster.plus(a.plan());
      }
      ObjectAcl acl = snap.databaseAcls().get(d.name());
      for (GrantDecl g : d.grants()) {
        cluster = cluster.plus(Privileges.ensurePlan(grant(PrivilegeTarget.database(d.name()), g),
            List.of(acl != null ? acl : notYetCreated(ObjectType.DATABASE, d.name()))));
      }
      if (desired.exclusiveGrants()) {
        // a database created by this plan gets the built-in ACL: PUBLIC may connect and create temporary tables
        cluster = cluster.plus(undeclared(PrivilegeTarget.database(d.name()), acl != null ? acl
            : new ObjectAcl(ObjectType.DATABASE, d.name(), "", List.of(new AclItem("", "",
                EnumSet.of(Privilege.CONNECT, Privilege.TEMPORARY), Set.of()))), d.grants(), d.owner()));
      }
    }
    add(steps, null, cluster);
    perDb.forEach((name, ds) -> {
      Plan p = Plan.empty();
      for (SchemaDecl s : desired.databases().get(name).schemas().values()) {
        Schema schema = ds.schemas().get(s.name());
        if (schema == null) {
          p = p.plus(c.schemas().createPlan(new SchemaSpec(s.name(), s.owner())));
        } else if (s.owner() != null) {
          p = p.plus(schema.alter().owner(s.owner()).plan());
        }
        ObjectAcl acl = ds.acls().get(s.name());
        for (GrantDecl g : s.grants()) {
          p = p.plus(Privileges.ensurePlan(grant(PrivilegeTarget.schema(s.name()), g),
              List.of(acl != null ? acl : notYetCreated(ObjectType.SCHEMA, s.name()))));
        }
        if (desired.exclusiveGrants() && acl != null) { // a new schema's built-in ACL is its owner's only
          p = p.plus(undeclared(PrivilegeTarget.schema(s.name()), acl, s.grants(), s.owner()));
        }
      }
      add(steps, name, p);
    });
    exclusive(snap, steps);
    return steps;
  }

  /**
   * Roles matching an {@code exclusive} pattern that the file does not declare: in every database
   * that takes connections their objects are reassigned and their remaining objects and
   * privileges dropped, then the roles are dropped. Never a {@code pg_} role, the bootstrap
   * superuser, the connecting role (session or current user) or an external role.
   */
  private void exclusive(Snapshot snap, List<Step> steps) {
    if (desired.exclusive().isEmpty()) {
      return;
    }
    Map<String, String> doomed = new LinkedHashMap<>(); // role -> reassign to
    for (Role r : snap.roles().values()) {
      String n = r.name();
      if (desired.roles().containsKey(n) || isProtected(r)) {
        continue;
      }
      for (ExclusiveDecl e : desired.exclusive()) {
        if (e.matches(n)) {
          doomed.put(n, e.reassignTo() != null ? e.reassignTo() : c.currentUser());
          break;
        }
      }
    }
    Plan revokes = Plan.empty();
    for (String group : desired.exclusiveMemberships()) {
      for (Role m : snap.roles().values()) {
        RoleDecl declared = desired.roles().get(m.name());
        if (m.membershipIn(group).isPresent() && !doomed.containsKey(m.name()) && !isProtected(m)
            && (declared == null || !declared.memberOf().containsKey(group))) {
          revokes = revokes.plus(m.alter().revokeMembership(group).plan());
        }
      }
    }
    add(steps, null, revokes);
    if (doomed.isEmpty()) {
      return;
    }
    for (Database db : snap.databases().values()) {
      if (!db.allowConnections()) {
        continue;
      }
      Plan p = Plan.empty();
      for (Map.Entry<String, String> e : doomed.entrySet()) {
        p = p.plus(Roles.ownedPlan(e.getKey(), new DropRoleOptions(e.getValue(), true)));
      }
      add(steps, db.name(), p);
    }
    Plan drops = Plan.empty();
    for (String r : doomed.keySet()) {
      drops = drops.plus(Roles.dropPlan(r));
    }
    add(steps, null, drops);
  }

  /**
   * Never dropped, and their memberships never revoked, by {@code exclusive}: {@code pg_} roles,
   * the bootstrap superuser, the connecting role (session or current user), external roles.
   */
  private boolean isProtected(Role r) {
    String n = r.name();
    return n.startsWith("pg_") || r.oid() == BOOTSTRAP_SUPERUSER || n.equals(c.currentUser())
        || n.equals(c.sessionUser()) || external.contains(n);
  }

  /**
   * With {@code exclusive: {grants: true}}: revokes what {@code acl} holds that {@code grants} do
   * not declare (privileges, or only the grant option of a privilege declared without it). The
   * owner's own entry (current or declared) is never touched: an owner's privileges are implicit.
   */
  private static Plan undeclared(PrivilegeTarget on, ObjectAcl acl, List<GrantDecl> grants,
      @Nullable String declaredOwner) {
    Map<String, Set<Privilege>> declared = new HashMap<>();
    Map<String, Set<Privilege>> declaredGrantable = new HashMap<>();
    for (GrantDecl g : grants) {
      String key = aclGrantee(g.grantee());
      declared.computeIfAbsent(key, k -> EnumSet.noneOf(Privilege.class)).addAll(g.privileges());
      if (g.grantOption()) {
        declaredGrantable.computeIfAbsent(key, k -> EnumSet.noneOf(Privilege.class)).addAll(g.privileges());
      }
    }
    Plan p = Plan.empty();
    Set<String> seen = new HashSet<>();
    for (AclItem item : acl.acl()) {
      String g = item.grantee();
      if (g.equals(acl.owner()) || g.equals(declaredOwner) || !seen.add(g)) {
        continue;
      }
      String grantee = g.isEmpty() ? Grant.PUBLIC : g;
      Set<Privilege> extra = EnumSet.noneOf(Privilege.class);
      extra.addAll(acl.privilegesOf(grantee, false));
      extra.removeAll(declared.getOrDefault(g, Set.of()));
      if (!extra.isEmpty()) {
        p = p.plus(Privileges.ensureRevokedPlan(Grant.of(on, grantee, List.copyOf(extra)), List.of(acl)));
      }
      Set<Privilege> extraOption = EnumSet.noneOf(Privilege.class);
      extraOption.addAll(acl.privilegesOf(grantee, true));
      extraOption.removeAll(declaredGrantable.getOrDefault(g, Set.of()));
      extraOption.removeAll(extra);
      if (!extraOption.isEmpty()) {
        p = p.plus(Privileges.ensureRevokedPlan(Grant.of(on, grantee, List.copyOf(extraOption)).withGrantOption(),
            List.of(acl)));
      }
    }
    return p;
  }

  private static String aclGrantee(String grantee) {
    return Grant.isPublic(grantee) ? "" : grantee;
  }

  /** The ACL of an object this plan creates: nobody holds anything yet, so every grant is missing. */
  private static ObjectAcl notYetCreated(ObjectType type, String name) {
    return new ObjectAcl(type, name, "", List.of());
  }

  private static void add(List<Step> steps, @Nullable String database, Plan plan) {
    if (!plan.isEmpty()) {
      steps.add(new Step(database, plan));
    }
  }

  private PasswordMatch passwordMatch(RoleDecl r, Snapshot snap) {
    Credentials ref = r.password();
    if (ref == null || !snap.roles().containsKey(r.name())) {
      return PasswordMatch.DIFFERS;
    }
    if (!c.isSuperuser()) {
      return PasswordMatch.UNKNOWN;
    }
    return secrets.apply(ref).compareWithStored(snap.verifiers().get(r.name()), r.name());
  }

  private RoleSpec spec(RoleDecl r) {
    RoleSpec s = RoleSpec.named(r.name());
    for (Map.Entry<String, Boolean> a : r.attributes().entrySet()) {
      boolean v = a.getValue();
      s = switch (a.getKey()) {
        case "superuser" -> s.superuser(v);
        case "inherit" -> s.inherit(v);
        case "createrole" -> s.createRole(v);
        case "createdb" -> s.createDb(v);
        case "login" -> s.login(v);
        case "replication" -> s.replication(v);
        case "bypassrls" -> s.bypassRls(v);
        default -> throw new IllegalStateException("unknown attribute " + a.getKey());
      };
    }
    if (r.connectionLimit() != null) {
      s = s.connectionLimit(r.connectionLimit());
    }
    if (r.validUntil() != null) {
      s = s.validUntil(r.validUntil());
    }
    if (r.password() != null) {
      s = s.password(secrets.apply(r.password()));
    }
    for (Map.Entry<String, List<String>> e : r.settings().entrySet()) {
      List<String> v = e.getValue();
      s = s.setting(e.getKey(), v.get(0), v.subList(1, v.size()).toArray(String[]::new));
    }
    if (r.comment() != null) {
      s = s.comment(r.comment());
    }
    for (Map.Entry<String, Boolean> m : r.memberOf().entrySet()) {
      s = s.memberOf(m.getKey(), m.getValue());
    }
    return s;
  }

  private static Grant grant(PrivilegeTarget on, GrantDecl g) {
    Grant grant = Grant.of(on, g.grantee(), List.copyOf(g.privileges()));
    return g.grantOption() ? grant.withGrantOption() : grant;
  }

  /** Roles in file order, except that a role comes after the declared roles it is a member of. */
  static List<RoleDecl> ordered(Map<String, RoleDecl> roles) {
    List<RoleDecl> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (RoleDecl r : roles.values()) {
      visit(r, roles, done, visiting, out);
    }
    return out;
  }

  private static void visit(RoleDecl r, Map<String, RoleDecl> roles, Set<String> done, Set<String> visiting,
      List<RoleDecl> out) {
    if (done.contains(r.name()) || !visiting.add(r.name())) {
      return; // done, or a cycle (the server refuses circular memberships; let it say so)
    }
    for (String group : r.memberOf().keySet()) {
      RoleDecl g = roles.get(group);
      if (g != null) {
        visit(g, roles, done, visiting, out);
      }
    }
    visiting.remove(r.name());
    done.add(r.name());
    out.add(r);
  }
}
