package io.pgmob.privilege;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.Convergence;
import io.pgmob.managed.Plan;
import io.pgmob.managed.EnsureResult;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.sql.SqlPart;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Privileges of one cluster: {@code cluster.privileges()}. Grants and revokes on databases,
 * schemas, tables, sequences and functions of the connected database, reads their ACLs, and
 * manages default privileges. Each change runs in one transaction under pgmob's catalog advisory
 * lock, so concurrent grants on one object never fail with "tuple concurrently updated".
 *
 * <pre>{@code
 * Privileges p = cluster.privileges();
 * p.ensure(Grant.of(PrivilegeTarget.schema("app"), "reader", Privilege.USAGE))
 *     .then(p.ensure(Grant.of(PrivilegeTarget.allTablesInSchema("app"), "reader", Privilege.SELECT)))
 *     .subscribe();
 * }</pre>
 *
 * <p>Revoking what was never granted is a no-op (PostgreSQL accepts it silently, or with a
 * warning when the revoker holds no grant option); {@link #ensureRevoked(Grant)} reports it as no
 * change. Stateless apart from its cluster; thread-safe.
 */
public final class Privileges {

  private static final String[] TABLE_KINDS = {"r", "p", "v", "m", "f"};
  private static final String[] SEQUENCE_KINDS = {"S"};

  private final SqlSession<?> cluster;

  /** The privileges of {@code session}, cached per session: what {@code cluster.privileges()} returns. */
  public static Privileges of(SqlSession<?> session) {
    return session.state(Privileges.class, Privileges::new);
  }

  Privileges(SqlSession<?> cluster) {
    this.cluster = cluster;
  }

  // ---- reading

  /**
   * The ACL of the target: one element for a single object, one per table or sequence for an
   * "all in schema" target.
   *
   * @return fails with {@link ObjectNotFoundException} when a single target does not exist (an
   *     "all in schema" target of an empty or unknown schema gives no element)
   */
  public Flux<ObjectAcl> list(PrivilegeTarget target) {
    return read(cluster, target);
  }

  private Flux<ObjectAcl> read(SqlSession<?> via, PrivilegeTarget t) {
    Mono<List<Row>> rows = switch (t.type()) {
      case DATABASE -> via.list(q("get_database_acl"), t.name());
      case SCHEMA -> via.list(q("get_schema_acl"), t.name());
      case TABLE -> via.list(q("get_relation_acl"), t.schema(), t.name(), TABLE_KINDS);
      case SEQUENCE -> via.list(q("get_relation_acl"), t.schema(), t.name(), SEQUENCE_KINDS);
      case FUNCTION -> via.list(q("get_function_acl"), t.signature());
    };
    return rows.flatMapMany(list -> {
      if (list.isEmpty() && !t.isAllInSchema()) {
        return Flux.error(new ObjectNotFoundException(t.type().name().toLowerCase(java.util.Locale.ROOT),
            t.plainName(), cluster.name()));
      }
      return Flux.fromIterable(list).map(r -> new ObjectAcl(t.type(), r.getString("name"), r.getString("owner"),
          parseAll(r.getStringList("acl"))));
    });
  }

  private String q(String name) {
    return CatalogQueries.get("io/pgmob/privilege/" + name, cluster.version());
  }

  private static List<AclItem> parseAll(@Nullable List<String> acl) {
    return acl == null ? List.of() : acl.stream().map(AclItem::parse).toList();
  }

  /** {@return every row of {@code pg_default_acl} in the connected database} */
  public Flux<DefaultAcl> defaults() {
    return readDefaults(cluster);
  }

  private Flux<DefaultAcl> readDefaults(SqlSession<?> via) {
    return via.execute(q("get_default_acls"))
        .map(r -> new DefaultAcl(r.getString("role"), r.getString("schema"),
            DefaultObjectType.ofCatalogChar(Objects.requireNonNull(r.getString("objtype")).charAt(0)),
            parseAll(r.getStringList("acl"))));
  }

  // ---- grants

  /**
   * {@code GRANT} as given (even what is held already). For a function the target is resolved
   * on the server first.
   *
   * @return the change applied; fails with {@link ObjectNotFoundException} for an unknown target
   */
  public Mono<List<Change>> grant(Grant grant) {
    return run(tx -> targetSql(tx, grant.target()).map(on -> List.of(grantChange(grant, grant.privileges(), on))));
  }

  /**
   * {@code REVOKE} as given; with {@link Grant#grantOption()} only the grant option ({@code
   * REVOKE GRANT OPTION FOR}). Revoking what was never granted is a no-op. Uses {@code CASCADE}
   * never: revoking a privilege others received through the grant option fails (SQLSTATE 2BP01).
   */
  public Mono<List<Change>> revoke(Grant grant) {
    return run(tx -> targetSql(tx, grant.target()).map(on -> List.of(revokeChange(grant, grant.privileges(), on))));
  }

  /** The statement {@link #grant(Grant)} would run (resolves a function target; changes nothing). */
  public Mono<Plan> grantPlan(Grant grant) {
    return targetSql(cluster, grant.target()).map(on -> Plan.of(grantChange(grant, grant.privileges(), on)));
  }

  /**
   * Makes sure {@code grant} is held: reads the target's ACL after taking the catalog lock and
   * grants only the privileges (or grant options) missing, in one transaction.
   *
   * @return the changes; {@code changed()} is false when everything was held already
   */
  public Mono<EnsureResult<Grant>> ensure(Grant grant) {
    if (grant.target().type() != ObjectType.FUNCTION) {
      return Changes.converge(cluster, ensuring(grant, true));
    }
    return run(tx -> checkGrantee(tx, grant.grantee())
            .then(targetSql(tx, grant.target()))
            .flatMap(on -> read(tx, grant.target()).collectList().map(acls -> missing(grant, acls, on))))
        .map(changes -> new EnsureResult<>(grant, changes, false));
  }

  /**
   * The statement {@link #ensure(Grant)} would run given the target's ACLs already read (a
   * fleet-wide plan reads the ACLs of every database or schema in one query, then calls this per
   * grant): a {@code GRANT} of only the privileges missing, or an empty plan. For database,
   * schema, table and sequence targets (a function target needs the server to resolve its
   * signature: use {@link #grantPlan(Grant)}). Pure.
   */
  public static Plan ensurePlan(Grant grant, List<ObjectAcl> acls) {
    if (grant.target().type() == ObjectType.FUNCTION) {
      throw new io.pgmob.error.InvalidInputException(
          "a function grant cannot be planned from ACLs alone; use grantPlan(grant), which resolves the signature");
    }
    return new Plan(missing(grant, acls, localTargetSql(grant.target())));
  }

  private static List<Change> missing(Grant grant, List<ObjectAcl> acls, Sql on) {
    Set<Privilege> missing = EnumSet.noneOf(Privilege.class);
    for (ObjectAcl acl : acls) {
      Set<Privilege> m = EnumSet.copyOf(grant.privileges());
      m.removeAll(acl.privilegesOf(grant.aclGrantee(), grant.grantOption()));
      missing.addAll(m);
    }
    return missing.isEmpty() ? List.of() : List.of(grantChange(grant, missing, on));
  }

  /**
   * {@link #ensure(Grant)} as a {@link Convergence}, to run with other objects in one transaction
   * and two round trips ({@link Changes#converge(SqlSession, List)}), e.g. after the role it
   * grants to: the grantee is not looked up first, so it may be a role the same converge creates
   * (a grantee that does not exist fails the {@code GRANT} with SQLSTATE 42704). For database,
   * schema, table and sequence targets.
   *
   * @param grant what must be held
   * @return the convergence; its result is {@link #ensure(Grant)}'s
   * @throws io.pgmob.error.InvalidInputException for a function target (its signature is resolved
   *     on the server first: use {@link #ensure(Grant)})
   */
  public Convergence<EnsureResult<Grant>> ensuring(Grant grant) {
    return ensuring(grant, false);
  }

  private Convergence<EnsureResult<Grant>> ensuring(Grant grant, boolean checkGrantee) {
    PrivilegeTarget t = grant.target();
    if (t.type() == ObjectType.FUNCTION) {
      throw new io.pgmob.error.InvalidInputException(
          "a function grant is ensured with ensure(grant), which resolves the signature on the server first");
    }
    List<SqlPart> reads = new ArrayList<>();
    reads.add(switch (t.type()) {
      case DATABASE -> CatalogQueries.inline(q("get_database_acl"), t.name());
      case SCHEMA -> CatalogQueries.inline(q("get_schema_acl"), t.name());
      case TABLE -> CatalogQueries.inline(q("get_relation_acl"), t.schema(), t.name(), TABLE_KINDS);
      case SEQUENCE -> CatalogQueries.inline(q("get_relation_acl"), t.schema(), t.name(), SEQUENCE_KINDS);
      case FUNCTION -> throw new IllegalStateException();
    });
    boolean check = checkGrantee && !grant.grantee().equalsIgnoreCase(Grant.PUBLIC);
    if (check) {
      reads.add(CatalogQueries.inline("SELECT 1 FROM pg_roles WHERE rolname = $1::text", grant.grantee()));
    }
    List<SqlPart> statements = List.copyOf(reads);
    return new Convergence<>() {
      @Override
      public List<SqlPart> reads() {
        return statements;
      }

      @Override
      public Step<EnsureResult<Grant>> plan(List<List<Row>> rows) {
        if (check && rows.get(1).isEmpty()) {
          throw new ObjectNotFoundException("role", grant.grantee(), cluster.name());
        }
        List<Row> list = rows.get(0);
        if (list.isEmpty() && !t.isAllInSchema()) {
          throw new ObjectNotFoundException(t.type().name().toLowerCase(java.util.Locale.ROOT), t.plainName(),
              cluster.name());
        }
        List<ObjectAcl> acls = list.stream().map(r -> new ObjectAcl(t.type(), r.getString("name"), r.getString("owner"),
            parseAll(r.getStringList("acl")))).toList();
        List<Change> changes = missing(grant, acls, localTargetSql(t));
        return new Step<>() {
          @Override
          public Plan plan() {
            return new Plan(changes);
          }

          @Override
          public List<SqlPart> readBack() {
            return List.of();
          }

          @Override
          public EnsureResult<Grant> result(List<List<Row>> back) {
            return new EnsureResult<>(grant, changes, false);
          }
        };
      }
    };
  }

  /**
   * Makes sure {@code grant} is not held (with {@link Grant#grantOption()}: only its grant
   * option): revokes only what the ACL shows, and reports no change otherwise.
   */
  public Mono<EnsureResult<Grant>> ensureRevoked(Grant grant) {
    return run(tx -> targetSql(tx, grant.target())
            .flatMap(on -> read(tx, grant.target()).collectList().map(acls -> held(grant, acls, on))))
        .map(changes -> new EnsureResult<>(grant, changes, false));
  }

  /**
   * The statement {@link #ensureRevoked(Grant)} would run given the target's ACLs already read (a
   * fleet-wide plan that owns the grants on an object revokes what it does not declare this way):
   * a {@code REVOKE} of only the privileges (or grant options) the ACLs show, or an empty plan.
   * For database, schema, table and sequence targets, as {@link #ensurePlan(Grant, List)}. Pure.
   */
  public static Plan ensureRevokedPlan(Grant grant, List<ObjectAcl> acls) {
    if (grant.target().type() == ObjectType.FUNCTION) {
      throw new io.pgmob.error.InvalidInputException(
          "a function grant cannot be planned from ACLs alone; use ensureRevoked(grant), which resolves the signature");
    }
    return new Plan(held(grant, acls, localTargetSql(grant.target())));
  }

  private static List<Change> held(Grant grant, List<ObjectAcl> acls, Sql on) {
    Set<Privilege> held = EnumSet.noneOf(Privilege.class);
    for (ObjectAcl acl : acls) {
      held.addAll(acl.privilegesOf(grant.aclGrantee(), grant.grantOption()));
    }
    held.retainAll(grant.privileges());
    return held.isEmpty() ? List.of() : List.of(revokeChange(grant, held, on));
  }

  // ---- default privileges

  /** {@code ALTER DEFAULT PRIVILEGES ... GRANT ...}. */
  public Mono<List<Change>> grantDefault(DefaultPrivilege d) {
    return run(tx -> Mono.just(List.of(defaultChange(d, d.privileges(), true))));
  }

  /** {@code ALTER DEFAULT PRIVILEGES ... REVOKE ...}; revoking what is not there is a no-op. */
  public Mono<List<Change>> revokeDefault(DefaultPrivilege d) {
    return run(tx -> Mono.just(List.of(defaultChange(d, d.privileges(), false))));
  }

  /**
   * Makes sure the default privilege is in place: grants only what {@code pg_default_acl} lacks
   * for that role, schema and object type.
   */
  public Mono<EnsureResult<DefaultPrivilege>> ensureDefault(DefaultPrivilege d) {
    String role = d.forRole() != null ? d.forRole() : cluster.currentUser();
    return run(tx -> checkGrantee(tx, d.grantee())
            .then(readDefaults(tx)
                .filter(a -> a.role().equals(role) && Objects.equals(a.schema(), d.schema())
                    && a.objectType() == d.objectType())
                .collectList())
            .map(rows -> {
              Set<Privilege> missing = EnumSet.copyOf(d.privileges());
              String g = d.isPublic() ? "" : d.grantee();
              for (DefaultAcl row : rows) {
                for (AclItem i : row.acl()) {
                  if (i.grantee().equals(g)) {
                    missing.removeAll(d.grantOption() ? i.grantable() : i.privileges());
                  }
                }
              }
              return missing.isEmpty() ? List.<Change>of() : List.of(defaultChange(d, missing, true));
            }))
        .map(changes -> new EnsureResult<>(d, changes, false));
  }

  // ---- statements

  private Mono<List<Change>> run(java.util.function.Function<SqlSession<?>, Mono<List<Change>>> planner) {
    return cluster.inTransaction(tx -> Changes.lockCatalog(tx)
            .then(planner.apply(tx))
            .flatMap(changes -> Flux.fromIterable(changes).concatMap(c -> tx.update(c.sql())).then(Mono.just(changes))))
        .next();
  }

  private Mono<Void> checkGrantee(SqlSession<?> via, String grantee) {
    if (Grant.isPublic(grantee)) {
      return Mono.empty();
    }
    return via.list("SELECT 1 FROM pg_roles WHERE rolname = $1::text", grantee)
        .flatMap(rows -> rows.isEmpty() ? Mono.error(new ObjectNotFoundException("role", grantee, cluster.name()))
            : Mono.empty());
  }

  /** The {@code ON ...} part; functions resolved on the server into a trusted signature. */
  private Mono<Sql> targetSql(SqlSession<?> via, PrivilegeTarget t) {
    if (t.type() != ObjectType.FUNCTION) {
      return Mono.just(localTargetSql(t));
    }
    return via.list(q("get_function_acl"), t.signature()).flatMap(rows -> rows.isEmpty()
        ? Mono.error(new ObjectNotFoundException("function", t.plainName(), cluster.name()))
        // text from regprocedure output: the server quoted it; ROUTINE covers procedures too (11+)
        : Mono.just(Sql.raw((via.version().atLeast(11) ? "ROUTINE " : "FUNCTION ") + rows.get(0).getString("name"))));
  }

  /** The {@code ON ...} part of a target that needs no server to name (all but functions). */
  private static Sql localTargetSql(PrivilegeTarget t) {
    if (t.isAllInSchema()) {
      return Sql.format("ALL " + t.type().sql() + "S IN SCHEMA {}", Identifier.of(Objects.requireNonNull(t.schema())));
    }
    return Sql.format(t.type().sql() + " {}", t.sqlName());
  }

  private static SqlPart grantee(String grantee) {
    return Grant.isPublic(grantee) ? Sql.raw("PUBLIC") : Identifier.of(grantee);
  }

  private static String privs(Set<Privilege> p) {
    return p.stream().map(Privilege::sql).collect(Collectors.joining(", "));
  }

  private static Change grantChange(Grant g, Set<Privilege> privileges, Sql on) {
    Sql sql = Sql.format("GRANT " + privs(privileges) + " ON {} TO {}" + (g.grantOption() ? " WITH GRANT OPTION" : ""),
        on, grantee(g.grantee()));
    return Change.of("grant " + privs(privileges) + (g.grantOption() ? " with grant option" : "") + " on "
        + g.target().describe() + " to " + (g.isPublic() ? "PUBLIC" : Identifier.of(g.grantee()).text()), sql);
  }

  private static Change revokeChange(Grant g, Set<Privilege> privileges, Sql on) {
    Sql sql = Sql.format("REVOKE " + (g.grantOption() ? "GRANT OPTION FOR " : "") + privs(privileges)
        + " ON {} FROM {}", on, grantee(g.grantee()));
    return Change.of("revoke " + (g.grantOption() ? "grant option for " : "") + privs(privileges) + " on "
        + g.target().describe() + " from " + (g.isPublic() ? "PUBLIC" : Identifier.of(g.grantee()).text()), sql);
  }

  private static Change defaultChange(DefaultPrivilege d, Set<Privilege> privileges, boolean grant) {
    List<SqlPart> parts = new ArrayList<>();
    StringBuilder template = new StringBuilder("ALTER DEFAULT PRIVILEGES");
    if (d.forRole() != null) {
      template.append(" FOR ROLE {}");
      parts.add(Identifier.of(d.forRole()));
    }
    if (d.schema() != null) {
      template.append(" IN SCHEMA {}");
      parts.add(Identifier.of(d.schema()));
    }
    if (grant) {
      template.append(" GRANT ").append(privs(privileges)).append(" ON ").append(d.objectType().sql()).append(" TO {}");
      if (d.grantOption()) {
        template.append(" WITH GRANT OPTION");
      }
    } else {
      template.append(" REVOKE ").append(d.grantOption() ? "GRANT OPTION FOR " : "").append(privs(privileges))
          .append(" ON ").append(d.objectType().sql()).append(" FROM {}");
    }
    parts.add(grantee(d.grantee()));
    Sql sql = Sql.format(template.toString(), parts.toArray());
    return Change.of((grant ? "grant default " : "revoke default ") + privs(privileges) + " on "
        + d.objectType().sql().toLowerCase(java.util.Locale.ROOT)
        + (d.forRole() != null ? " created by " + Identifier.of(d.forRole()) : "")
        + (d.schema() != null ? " in schema " + Identifier.of(d.schema()) : "")
        + (grant ? " to " : " from ") + (d.isPublic() ? "PUBLIC" : Identifier.of(d.grantee()).text()), sql);
  }
}
