package io.pgmob.role;

import io.pgmob.error.SqlStates;
import io.pgmob.managed.EnsureResult;
import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.Convergence;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import io.pgmob.password.PasswordMatch;
import io.pgmob.role.RoleSql.Attribute;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The roles of a cluster: {@code cluster.roles()}. Loaded from {@code pg_roles} on first use and
 * cached until {@link #refresh()} (or a change made through pgmob); {@link #get(String)}, {@link
 * #all()}, {@link #contains(String)} read the cache.
 *
 * <pre>{@code
 * cluster.roles().ensure(RoleSpec.named("app").login(true).password(Password.plain(pw)))
 *     .map(EnsureResult::descriptions);   // [] on a second run
 * }</pre>
 *
 * <p>Every change runs in one transaction under pgmob's catalog advisory lock; {@link
 * #ensure(RoleSpec)} reads the current state after taking the lock, so concurrent calls, from this
 * or other pgmob clients, converge without "tuple concurrently updated" or "already exists"
 * errors. Thread-safe.
 */
public final class Roles extends ObjectCollection<Role> {

  /** Settings whose values are lists of identifiers, stored with each element quoted. */
  static final Set<String> LIST_SETTINGS = Set.of("search_path", "temp_tablespaces",
      "session_preload_libraries", "local_preload_libraries", "shared_preload_libraries");

  /** The roles of {@code session}, cached per session: what {@code cluster.roles()} returns. */
  public static Roles of(SqlSession<?> session) {
    return session.state(Roles.class, Roles::new);
  }

  Roles(SqlSession<?> cluster) {
    super(cluster, "role");
  }

  @Override
  protected Flux<Role> load(SqlSession<?> via) {
    return read(via, null);
  }

  @Override
  protected String keyOf(Role role) {
    return role.name();
  }

  // ---- reading

  /**
   * Roles (one, or all for a null name) read through {@code via}, which may be a transaction:
   * roles and memberships in one round trip.
   */
  Flux<Role> read(SqlSession<?> via, @Nullable String name) {
    return via.executeFlight(roleReads(via, name), false).flatMapIterable(rows -> toRoles(rows.get(0), rows.get(1)));
  }

  /** The statements that read the role {@code name} (all for null) and its memberships. */
  private static List<io.pgmob.sql.SqlPart> roleReads(SqlSession<?> via, @Nullable String name) {
    return List.of(CatalogQueries.inline(CatalogQueries.get("io/pgmob/role/get_roles", via.version()), name),
        CatalogQueries.inline(CatalogQueries.get("io/pgmob/role/get_memberships", via.version()), name));
  }

  private List<Role> toRoles(List<Row> roles, List<Row> memberships) {
          Map<String, List<Membership>> byMember = new HashMap<>();
          for (Row m : memberships) {
            Membership ms = new Membership(m.getString("role"), m.getString("member"),
                Boolean.TRUE.equals(m.getBoolean("admin_option")), m.getString("grantor"));
            List<Membership> l = byMember.computeIfAbsent(ms.member(), k -> new ArrayList<>());
            // PostgreSQL 16 can hold one grant per grantor: keep one per role, admin if any is
            if (l.stream().noneMatch(x -> x.role().equals(ms.role()))) {
              l.add(ms);
            }
          }
          return roles.stream().map(r -> toRole(r, byMember.getOrDefault(r.getString("name"), List.of()))).toList();
  }

  private Role toRole(Row r, List<Membership> memberOf) {
    Map<String, String> settings = new LinkedHashMap<>();
    List<String> config = r.getStringList("settings");
    if (config != null) {
      for (String s : config) {
        int eq = s.indexOf('=');
        if (eq > 0) {
          settings.put(s.substring(0, eq), s.substring(eq + 1));
        }
      }
    }
    return new Role(cluster(), Objects.requireNonNull(r.getLong("oid")), r.getString("name"),
        bool(r, "superuser"), bool(r, "inherit"), bool(r, "createrole"), bool(r, "createdb"), bool(r, "login"),
        bool(r, "replication"), bool(r, "bypassrls"), Objects.requireNonNull(r.getInt("connection_limit")),
        instant(r.getString("valid_until_us")), memberOf, settings, r.getString("comment"));
  }

  private static boolean bool(Row r, String c) {
    return Boolean.TRUE.equals(r.getBoolean(c));
  }

  private static @Nullable Instant instant(@Nullable String micros) {
    if (micros == null) {
      return null;
    }
    if (micros.equals("infinity")) {
      return Instant.MAX;
    }
    if (micros.equals("-infinity")) {
      return Instant.MIN;
    }
    long us = Long.parseLong(micros);
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }

  /** A fresh snapshot of the role {@code name} (not from the cache). */
  Mono<Role> reload(String name) {
    return read(cluster(), name).next()
        .switchIfEmpty(Mono.error(() -> new ObjectNotFoundException("role", name, cluster().name())));
  }

  // ---- changes

  /** Runs {@code plan} in one transaction and returns the fresh snapshot of {@code name}. */
  Mono<Role> apply(String name, Plan plan) {
    return Changes.apply(cluster(), plan)
        .doOnTerminate(this::invalidate).doOnCancel(this::invalidate)
        .then(Mono.defer(() -> reload(name)));
  }

  /**
   * Creates the role from {@code spec} (attributes, password, settings, comment, memberships) in
   * one transaction.
   *
   * @return the new role; fails with {@link io.pgmob.error.ServerErrorException} (SQLSTATE 42710)
   *     if it exists already (use {@link #ensure(RoleSpec)} to accept that), with {@link
   *     ObjectNotFoundException} if a role it should be a member of does not exist
   */
  public Mono<Role> create(RoleSpec spec) {
    return converge(convergence(spec, true)).map(EnsureResult::object);
  }

  /**
   * The statements {@code create(spec)} would run on an empty server, for showing a plan. Does
   * not read the server.
   */
  public Plan createPlan(RoleSpec spec) {
    return new Plan(diff(spec, null, PasswordMatch.DIFFERS, spec.passwordValue() != null && cluster().isSuperuser()));
  }

  /**
   * Makes the role look like {@code spec}: creates it if missing, otherwise changes only what
   * differs, all in one transaction after taking pgmob's catalog lock (so concurrent ensure calls
   * serialize and the later one sees the earlier one's result). A password is compared with the
   * stored verifier when the session may read it (superuser), otherwise it is set.
   *
   * @return what was changed; {@code changed()} is false when nothing differed
   */
  public Mono<EnsureResult<Role>> ensure(RoleSpec spec) {
    return converge(ensuring(spec));
  }

  /**
   * {@link #ensure(RoleSpec)} as a {@link Convergence}: to ensure the role together with other
   * objects (its grants) in one transaction and two round trips, with {@link
   * Changes#converge(SqlSession, List)}.
   *
   * @param spec what the role should look like
   * @return the convergence; its result is {@link #ensure(RoleSpec)}'s
   */
  public Convergence<EnsureResult<Role>> ensuring(RoleSpec spec) {
    return convergence(spec, false);
  }

  /**
   * The statements {@link #ensure(RoleSpec)} would run now (reads the server, changes nothing).
   * A password that cannot be compared shows as a change.
   */
  public Mono<Plan> ensurePlan(RoleSpec spec) {
    SqlSession<?> c = cluster();
    return c.executeFlight(ensureReads(c, spec), false).map(rows -> {
      Optional<Role> current = found(spec.name(), rows);
      boolean superuser = superuser(rows);
      return new Plan(diff(spec, current.orElse(null), passwordMatch(spec, current.orElse(null), rows), superuser));
    });
  }

  /**
   * The statements {@link #ensure(RoleSpec)} would run against a snapshot already read (a
   * fleet-wide plan reads every role in one query, then calls this per role): {@code current} is
   * the role as read (null when missing) and {@code password} how the spec's password compares
   * with the stored verifier ({@link io.pgmob.password.Password#compareWithStored}; anything for
   * a spec without a password). Does not read the server; the same diff {@code ensure} applies.
   */
  public Plan ensurePlan(RoleSpec spec, @Nullable Role current, PasswordMatch password) {
    return new Plan(diff(spec, current, password, spec.passwordValue() != null && cluster().isSuperuser()));
  }

  private Mono<EnsureResult<Role>> converge(Convergence<EnsureResult<Role>> convergence) {
    return Changes.converge(cluster(), convergence)
        .doOnTerminate(this::invalidate).doOnCancel(this::invalidate);
  }

  /**
   * What ensure reads in its first flight: the role, its memberships, whether the current user
   * is a superuser with the stored password (readable only then), and whether the roles it
   * should be a member of exist.
   */
  private static List<io.pgmob.sql.SqlPart> ensureReads(SqlSession<?> via, RoleSpec spec) {
    List<io.pgmob.sql.SqlPart> reads = new ArrayList<>(roleReads(via, spec.name()));
    reads.add(CatalogQueries.inline(CatalogQueries.get("io/pgmob/role/get_superuser_and_password", via.version()),
        spec.name()));
    reads.add(!spec.memberships().isEmpty()
        ? CatalogQueries.inline("SELECT rolname::text AS name FROM pg_roles WHERE rolname = ANY($1)",
            (Object) spec.memberships().keySet().toArray(new String[0]))
        : io.pgmob.sql.Sql.raw("SELECT NULL::text AS name WHERE false"));
    if (spec.passwordValue() != null) {
      // the server logs a simple query's whole text when it arrives, before any SET LOCAL in it
      // runs: statement logging is switched off here, a message before the one with the password
      reads.add(io.pgmob.sql.Sql.raw(RoleSql.quietLoggingIfSuperuser(via.version())));
    }
    return reads;
  }

  @Override
  protected Optional<Role> found(String key, List<List<Row>> rows) {
    return toRoles(rows.get(0), rows.get(1)).stream().filter(r -> r.name().equals(key)).findFirst();
  }

  private static boolean superuser(List<List<Row>> rows) {
    return !rows.get(2).isEmpty() && Boolean.TRUE.equals(rows.get(2).get(0).getBoolean("superuser"));
  }

  private Convergence<EnsureResult<Role>> convergence(RoleSpec spec, boolean mustCreate) {
    SqlSession<?> c = cluster();
    String name = spec.name();
    return ensuring(name, ensureReads(c, spec), rows -> found(name, rows),
        rows -> {
          checkRolesExist(spec, rows);
          return new Plan(diff(spec, null, PasswordMatch.DIFFERS, superuser(rows)));
        },
        (current, rows) -> {
          if (mustCreate) {
            throw new ServerErrorException("role \"" + name + "\" already exists", SqlStates.DUPLICATE_OBJECT, null,
                "use ensure(spec) to accept an existing role", c.name(), null, null);
          }
          checkRolesExist(spec, rows);
          return new Plan(diff(spec, current, passwordMatch(spec, current, rows), superuser(rows)));
        },
        java.util.function.Function.identity())
        // the statements that keep the password out of the server log are not changes to report
        .map(r -> new EnsureResult<>(r.object(),
            r.applied().stream().filter(ch -> !RoleSql.isQuietLogging(ch)).toList(), r.created()));
  }

  private void checkRolesExist(RoleSpec spec, List<List<Row>> rows) {
    if (spec.memberships().isEmpty()) {
      return;
    }
    Set<String> found = new java.util.HashSet<>();
    rows.get(3).forEach(r -> found.add(r.getString("name")));
    for (String n : spec.memberships().keySet()) {
      if (!found.contains(n)) {
        throw new ObjectNotFoundException("role", n, cluster().name());
      }
    }
  }

  /** How the spec's password compares with the stored one, from the rows of {@link #ensureReads}. */
  private static PasswordMatch passwordMatch(RoleSpec spec, @Nullable Role current, List<List<Row>> rows) {
    var p = spec.passwordValue();
    if (p == null || current == null) {
      return PasswordMatch.DIFFERS;
    }
    if (!superuser(rows)) {
      return PasswordMatch.UNKNOWN;
    }
    return p.compareWithStored(verifier(rows.get(2).get(0).getString("password_xml")), spec.name());
  }

  /** The stored hash out of query_to_xml's {@code <row><p>hash</p></row>}; null when there is none. */
  static @Nullable String verifier(@Nullable String xml) {
    if (xml == null) {
      return null;
    }
    int start = xml.indexOf("<p>");
    int end = xml.indexOf("</p>");
    if (start < 0 || end < start) {
      return null;
    }
    return xml.substring(start + 3, end).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&apos;", "'").replace("&amp;", "&");
  }

  private Mono<Void> checkRolesExist(SqlSession<?> via, Set<String> names) {
    if (names.isEmpty()) {
      return Mono.empty();
    }
    return via.list("SELECT rolname::text AS name FROM pg_roles WHERE rolname = ANY($1::text[])",
            (Object) names.toArray(new String[0]))
        .flatMap(rows -> {
          Set<String> found = new java.util.HashSet<>();
          rows.forEach(r -> found.add(r.getString("name")));
          for (String n : names) {
            if (!found.contains(n)) {
              return Mono.error(new ObjectNotFoundException("role", n, cluster().name()));
            }
          }
          return Mono.empty();
        });
  }

  private List<Change> diff(RoleSpec spec, @Nullable Role current, PasswordMatch pm, boolean superuser) {
    String name = spec.name();
    Identifier id = Identifier.of(name);
    List<Change> out = new ArrayList<>();
    if (current == null) {
      Sql sql = Sql.format("CREATE ROLE {}", id);
      StringBuilder kw = new StringBuilder();
      spec.attributes().forEach((a, v) -> kw.append(' ').append(a.keyword(v)));
      if (!kw.isEmpty()) {
        sql = sql.append(Sql.raw(" WITH" + kw));
      }
      if (spec.connectionLimitValue() != null) {
        sql = sql.append(" CONNECTION LIMIT {}", spec.connectionLimitValue());
      }
      if (spec.validUntilValue() != null) {
        sql = sql.append(" VALID UNTIL {}", Literal.of(RoleSql.validText(spec.validUntilValue())));
      }
      out.add(Change.of("create role " + id, sql));
    } else {
      spec.attributes().forEach((a, v) -> {
        if (a.of(current) != v) {
          out.add(RoleSql.attribute(name, a, v));
        }
      });
      Integer limit = spec.connectionLimitValue();
      if (limit != null && limit != current.connectionLimit()) {
        out.add(RoleSql.connectionLimit(name, limit));
      }
      Instant until = spec.validUntilValue();
      if (until != null && !until.equals(current.validUntil())) {
        out.add(RoleSql.validUntil(name, until));
      }
    }
    if (spec.passwordValue() != null && pm != PasswordMatch.MATCHES) {
      out.addAll(RoleSql.password(name, spec.passwordValue(), superuser, cluster().version(),
          pm == PasswordMatch.UNKNOWN ? " (the stored one cannot be read without superuser, so it was not compared)"
              : ""));
    }
    spec.settingValues().forEach((k, v) -> {
      String have = current == null ? null : current.settings().entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(k)).map(Map.Entry::getValue).findFirst().orElse(null);
      if (!RoleSql.settingMatches(have, v)) {
        out.add(RoleSql.set(name, k, v));
      }
    });
    String comment = spec.commentValue();
    if (comment != null) {
      String have = current == null ? null : current.comment();
      if (!Objects.equals(comment.isEmpty() ? null : comment, have == null || have.isEmpty() ? null : have)) {
        out.add(RoleSql.comment(name, comment));
      }
    }
    spec.memberships().forEach((group, admin) -> {
      Optional<Membership> m = current == null ? Optional.empty() : current.membershipIn(group);
      if (m.isEmpty() || (admin && !m.get().adminOption())) {
        out.add(RoleSql.grantMembership(group, name, admin));
      } else if (!admin && m.get().adminOption()) {
        out.add(RoleSql.revokeAdminOption(group, name));
      }
    });
    return out;
  }

  /**
   * Makes sure {@code member} is a member of {@code role}, with the admin option exactly as
   * given: grants the membership, or adds or revokes only the admin option, and reports nothing
   * when it is already so. Runs in one transaction after taking pgmob's catalog lock. Neither
   * role is created.
   *
   * @return the result, holding the member's fresh snapshot; fails with {@link
   *     ObjectNotFoundException} naming whichever role does not exist
   */
  public Mono<EnsureResult<Role>> ensureMembership(String member, String role, boolean adminOption) {
    Identifier.validate(member, "member role name");
    Identifier.validate(role, "role name");
    return membershipChange(member, role, current -> {
      Optional<Membership> m = current.membershipIn(role);
      if (m.isEmpty() || (adminOption && !m.get().adminOption())) {
        return List.of(RoleSql.grantMembership(role, member, adminOption));
      }
      return !adminOption && m.get().adminOption() ? List.of(RoleSql.revokeAdminOption(role, member)) : List.of();
    });
  }

  /**
   * Makes sure {@code member} is not a member of {@code role}: revokes the membership if there
   * is one, and reports nothing otherwise (revoking what was never granted is a no-op).
   */
  public Mono<EnsureResult<Role>> ensureNoMembership(String member, String role) {
    Identifier.validate(member, "member role name");
    Identifier.validate(role, "role name");
    return membershipChange(member, role, current -> current.isMemberOf(role)
        ? List.of(RoleSql.revokeMembership(role, member)) : List.of());
  }

  /** The direct members of {@code role}, from the cached collection. */
  public Flux<Membership> membersOf(String role) {
    return all().flatMapIterable(Role::memberOf).filter(m -> m.role().equals(role));
  }

  private Mono<EnsureResult<Role>> membershipChange(String member, String role,
      java.util.function.Function<Role, List<Change>> planner) {
    SqlSession<?> c = cluster();
    return c.inTransaction(tx -> Changes.lockCatalog(tx)
            .then(checkRolesExist(tx, new java.util.LinkedHashSet<>(List.of(member, role))))
            .then(read(tx, member).next())
            .flatMap(current -> {
              List<Change> changes = planner.apply(current);
              return Flux.fromIterable(changes).concatMap(ch -> tx.update(ch.sql()))
                  .then(read(tx, member).next())
                  .map(fresh -> new EnsureResult<>(fresh, changes, false));
            }))
        .next()
        .doOnTerminate(this::invalidate).doOnCancel(this::invalidate);
  }

  Mono<Role> rename(Role role, String newName) {
    Identifier.validate(newName, "new role name");
    Plan plan = Plan.of(Change.of("rename role " + Identifier.of(role.name()) + " to " + Identifier.of(newName),
        Sql.format("ALTER ROLE {} RENAME TO {}", Identifier.of(role.name()), Identifier.of(newName))));
    return apply(newName, plan);
  }

  /**
   * Drops the role {@code name}, after reassigning or dropping what it owns in every database
   * (see {@link DropRoleOptions}). With options, each database is handled in its own transaction
   * before the role is dropped; a failure stops before {@code DROP ROLE}.
   *
   * @return completes when dropped; fails with {@link ObjectNotFoundException} for an unknown role,
   *     {@link RoleInUseException} if objects still depend on it
   */
  public Mono<Void> drop(String name, DropRoleOptions options) {
    Identifier.validate(name, "role name");
    SqlSession<?> c = cluster();
    Mono<Void> owned = !options.touchesDatabases() ? Mono.empty()
        : c.execute(CatalogQueries.get("io/pgmob/role/get_owned_databases", c.version()))
            .map(r -> Objects.requireNonNull(r.getString("name")))
            .collectList()
            .flatMapMany(Flux::fromIterable)
            .concatMap(db -> Mono.usingWhen(c.connectTo(db),
                dbc -> Changes.apply(dbc, ownedPlan(name, options)),
                SqlSession::close))
            .then();
    Plan drop = dropPlan(name);
    return reload(name)
        .then(owned)
        .then(Changes.apply(c, drop))
        .onErrorMap(ServerErrorException.class, e -> SqlStates.DEPENDENT_OBJECTS_STILL_EXIST.equals(e.sqlState())
            ? new RoleInUseException("role \"" + name + "\" cannot be dropped because objects depend on it"
                + (e.detail() != null ? " (" + e.detail() + ")" : "")
                + "; drop it with DropRoleOptions.reassignOwnedTo(newOwner) or DropRoleOptions.dropOwnedObjects()",
                c.name(), e.statement(), e)
            : e)
        .doOnTerminate(this::invalidate).doOnCancel(this::invalidate)
        .then();
  }

  /** The {@code DROP ROLE} statement {@link #drop(String, DropRoleOptions)} runs last. Pure. */
  public static Plan dropPlan(String name) {
    Identifier.validate(name, "role name");
    return Plan.of(Change.of("drop role " + Identifier.of(name), Sql.format("DROP ROLE {}", Identifier.of(name))));
  }

  /** {@code drop(name, DropRoleOptions.none())}. */
  public Mono<Void> drop(String name) {
    return drop(name, DropRoleOptions.none());
  }

  /**
   * The statements {@link #drop(String, DropRoleOptions)} runs in each database before dropping
   * the role ({@code REASSIGN OWNED BY}, {@code DROP OWNED BY}, as the options say), for plans
   * that show them before anything runs. Pure.
   */
  public static Plan ownedPlan(String name, DropRoleOptions o) {
    Plan p = Plan.empty();
    if (o.reassignOwnedTo() != null) {
      p = p.plus(Change.of("reassign objects owned by " + Identifier.of(name) + " to " + Identifier.of(o.reassignOwnedTo()),
          Sql.format("REASSIGN OWNED BY {} TO {}", Identifier.of(name), Identifier.of(o.reassignOwnedTo()))));
    }
    if (o.dropOwned()) {
      p = p.plus(Change.of("drop objects owned by and privileges of " + Identifier.of(name),
          Sql.format("DROP OWNED BY {}", Identifier.of(name))));
    }
    return p;
  }

  // ---- script

  static String scriptOf(Role r, String asName) {
    Identifier id = Identifier.of(asName);
    List<String> lines = new ArrayList<>();
    StringBuilder kw = new StringBuilder();
    for (Attribute a : Attribute.values()) {
      kw.append(' ').append(a.keyword(a.of(r)));
    }
    Sql create = Sql.format("CREATE ROLE {} WITH", id).append(Sql.raw(kw.toString()))
        .append(" CONNECTION LIMIT {}", r.connectionLimit());
    if (r.validUntil() != null) {
      create = create.append(" VALID UNTIL {}", Literal.of(RoleSql.validText(r.validUntil())));
    }
    lines.add(create.text());
    r.settingValues().forEach((k, values) -> lines.add(RoleSql.set(asName, k, values).sql().text()));
    if (r.comment() != null) {
      lines.add(RoleSql.comment(asName, r.comment()).sql().text());
    }
    for (Membership m : r.memberOf()) {
      lines.add(RoleSql.grantMembership(m.role(), asName, m.adminOption()).sql().text());
    }
    return String.join(";\n", lines) + ";\n";
  }
}
