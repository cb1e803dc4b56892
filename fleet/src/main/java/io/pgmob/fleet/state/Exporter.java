package io.pgmob.fleet.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pgmob.Cluster;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.database.Database;
import io.pgmob.privilege.AclItem;
import io.pgmob.privilege.ObjectAcl;
import io.pgmob.privilege.ObjectType;
import io.pgmob.privilege.Privilege;
import io.pgmob.role.Membership;
import io.pgmob.role.Role;
import io.pgmob.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads what one cluster has today, in the state file's own terms, so that a plan of the exported
 * file against the same cluster is empty: roles (every attribute, connection limit, validity,
 * comment, per-role settings, memberships), databases that take connections (owner, connection
 * limit, grants) and their schemas (owner, grants). Not exported: passwords (a file holds them by
 * reference only), {@code pg_} roles and the bootstrap superuser (listed as external roles when
 * something names them), template databases, {@code pg_catalog} and {@code information_schema}.
 *
 * <p>Reads on the target's session: roles (2 queries), databases (1) and their ACLs (1); per other
 * database that takes connections a session of its own, schemas (1) and their ACLs (1).
 */
final class Exporter {

  private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema");

  private Exporter() {}

  /** One cluster's state: the block's content and the roles it names but does not declare. */
  record Exported(Map<String, Object> block, Set<String> external) {}

  static Mono<Exported> export(Cluster c) {
    var roles = c.roles();
    var databases = c.databases();
    return roles.refresh().thenMany(Flux.defer(roles::all)).collectList()
        .flatMap(rs -> databases.refresh().thenMany(Flux.defer(databases::all))
            .filter(d -> !d.isTemplate() && d.allowConnections()).collectList()
            .flatMap(dbs -> Planner.acls(c, Planner.DATABASE_ACLS, ObjectType.DATABASE)
                .flatMap(dbAcls -> Flux.fromIterable(dbs)
                    .concatMap(d -> schemas(c, d.name()).map(s -> Map.entry(d.name(), s)))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                    .map(perDb -> build(rs, dbs, dbAcls, perDb)))));
  }

  /** The state file of the exported clusters: one block per cluster, in the order given. */
  static String yaml(Map<String, Selector> selectors, Map<String, Exported> byName) {
    Set<String> external = new TreeSet<>();
    List<Object> blocks = new ArrayList<>();
    selectors.forEach((name, selector) -> {
      Exported e = byName.get(name);
      external.addAll(e.external());
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("select", selector.toString());
      block.putAll(e.block());
      blocks.add(block);
    });
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("apiVersion", StateReader.API_VERSION);
    if (!external.isEmpty()) {
      file.put("external_roles", List.copyOf(external));
    }
    file.put("blocks", blocks);
    try {
      return "# written by pgmob fleet export: what " + selectors.size() + (selectors.size() == 1 ? " cluster has" : " clusters have")
          + " today (passwords are not exported)\n" + YAML.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the exported state", e);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  private record SchemaState(List<Schema> schemas, Map<String, ObjectAcl> acls) {}

  private static Mono<SchemaState> schemas(Cluster c, String database) {
    boolean own = database.equals(c.currentDatabase());
    return Mono.usingWhen(own ? Mono.just(c) : c.connectTo(database),
        s -> s.schemas().refresh().thenMany(Flux.defer(() -> s.schemas().all()))
            .filter(x -> !SYSTEM_SCHEMAS.contains(x.name())).collectList()
            .flatMap(list -> Planner.acls(s, Planner.SCHEMA_ACLS, ObjectType.SCHEMA).map(a -> new SchemaState(list, a))),
        s -> own ? Mono.empty() : s.close());
  }

  private static Exported build(List<Role> roles, List<Database> databases, Map<String, ObjectAcl> dbAcls,
      Map<String, SchemaState> perDb) {
    Set<String> declared = new LinkedHashSet<>();
    Set<String> named = new LinkedHashSet<>();
    List<Object> roleList = new ArrayList<>();
    for (Role r : roles) {
      if (r.name().startsWith("pg_") || r.oid() == Planner.BOOTSTRAP_SUPERUSER) {
        continue;
      }
      declared.add(r.name());
      roleList.add(role(r, named));
    }
    List<Object> dbList = new ArrayList<>();
    for (Database d : databases) {
      Map<String, Object> db = new LinkedHashMap<>();
      db.put("name", d.name());
      db.put("owner", d.owner());
      named.add(d.owner());
      db.put("connection_limit", d.connectionLimit());
      db.put("allow_connections", d.allowConnections());
      putGrants(db, dbAcls.get(d.name()), named);
      SchemaState ss = perDb.get(d.name());
      List<Object> schemas = new ArrayList<>();
      for (Schema s : ss.schemas()) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", s.name());
        schema.put("owner", s.owner());
        named.add(s.owner());
        putGrants(schema, ss.acls().get(s.name()), named);
        schemas.add(schema);
      }
      if (!schemas.isEmpty()) {
        db.put("schemas", schemas);
      }
      dbList.add(db);
    }
    Map<String, Object> block = new LinkedHashMap<>();
    if (!roleList.isEmpty()) {
      block.put("roles", roleList);
    }
    if (!dbList.isEmpty()) {
      block.put("databases", dbList);
    }
    Set<String> external = new TreeSet<>(named);
    external.removeAll(declared);
    external.remove("PUBLIC");
    return new Exported(block, external);
  }

  private static Map<String, Object> role(Role r, Set<String> named) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("superuser", r.superuser());
    m.put("inherit", r.inherit());
    m.put("createrole", r.createRole());
    m.put("createdb", r.createDb());
    m.put("login", r.login());
    m.put("replication", r.replication());
    m.put("bypassrls", r.bypassRls());
    m.put("connection_limit", r.connectionLimit());
    Instant until = r.validUntil();
    if (until != null && !until.equals(Instant.MIN)) { // -infinity cannot be written in a state file
      m.put("valid_until", until.equals(Instant.MAX) ? "infinity" : until.toString());
    }
    if (r.comment() != null && !r.comment().isEmpty()) {
      m.put("comment", r.comment());
    }
    if (!r.settings().isEmpty()) {
      Map<String, Object> settings = new LinkedHashMap<>();
      r.settingValues().forEach((k, v) -> settings.put(k, v.size() == 1 ? v.get(0) : v));
      m.put("settings", settings);
    }
    Map<String, Boolean> memberOf = new LinkedHashMap<>();
    for (Membership ms : r.memberOf()) {
      memberOf.merge(ms.role(), ms.adminOption(), Boolean::logicalOr); // one per grantor from 16 on
    }
    if (!memberOf.isEmpty()) {
      List<Object> list = new ArrayList<>();
      memberOf.forEach((group, admin) -> {
        named.add(group);
        list.add(admin ? Map.of("role", group, "admin", true) : group);
      });
      m.put("member_of", list);
    }
    return m;
  }

  /** The grants of an ACL, owner's own entry left out: one per grantee, and one more for what it may grant on. */
  private static void putGrants(Map<String, Object> object, ObjectAcl acl, Set<String> named) {
    if (acl == null) {
      return;
    }
    List<Object> grants = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (AclItem item : acl.acl()) {
      String g = item.grantee();
      if (g.equals(acl.owner()) || !seen.add(g)) {
        continue;
      }
      String to = g.isEmpty() ? "PUBLIC" : g;
      named.add(to);
      Set<Privilege> all = acl.privilegesOf(to, false);
      Set<Privilege> grantable = acl.privilegesOf(to, true);
      Set<Privilege> plain = all.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(all);
      plain.removeAll(grantable);
      if (!plain.isEmpty()) {
        grants.add(grant(to, plain, false));
      }
      if (!grantable.isEmpty()) {
        grants.add(grant(to, grantable, true));
      }
    }
    if (!grants.isEmpty()) {
      object.put("grants", grants);
    }
  }

  private static Map<String, Object> grant(String to, Set<Privilege> privileges, boolean grantOption) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("to", to);
    g.put("privileges", privileges.stream().map(Privilege::sql).toList());
    if (grantOption) {
      g.put("with_grant_option", true);
    }
    return g;
  }
}
