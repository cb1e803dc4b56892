package io.pgmob.database;

import io.pgmob.error.SqlStates;
import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.PgmobException;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import io.pgmob.managed.EnsureResult;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The databases of a cluster: {@code cluster.databases()}. Lazy and cached until {@link
 * #refresh()}; changes made through it invalidate the cache.
 *
 * <pre>{@code
 * cluster.databases().ensure(DatabaseSpec.builder("app").owner("app").build())
 *     .map(EnsureResult::changed)
 * }</pre>
 */
public final class Databases extends ObjectCollection<Database> {

  /** The databases of {@code session}, cached per session: what {@code cluster.databases()} returns. */
  public static Databases of(SqlSession<?> session) {
    return session.state(Databases.class, Databases::new);
  }

  Databases(SqlSession<?> cluster) {
    super(cluster, "database");
  }

  @Override
  protected Flux<Database> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/database/get_databases", c.version())))
        .map(r -> new Database(c, r));
  }

  @Override
  protected String keyOf(Database db) {
    return db.name();
  }

  void changed() {
    invalidate();
  }

  /** The statements that would create {@code spec} (not run). */
  public Plan createPlan(DatabaseSpec spec) {
    return createPlan(spec, false);
  }

  static Plan createPlan(DatabaseSpec spec, boolean forScript) {
    Sql sql = Sql.format("CREATE DATABASE {}", Identifier.of(spec.name()));
    String template = spec.template();
    if (template == null && forScript) {
      template = "template0";
    }
    if (spec.owner() != null) {
      sql = sql.append(" OWNER {}", Identifier.of(spec.owner()));
    }
    if (template != null) {
      sql = sql.append(" TEMPLATE {}", Identifier.of(template));
    }
    if (spec.encoding() != null) {
      sql = sql.append(" ENCODING {}", Literal.of(spec.encoding()));
    }
    if (spec.collation() != null) {
      sql = sql.append(" LC_COLLATE {}", Literal.of(spec.collation()));
    }
    if (spec.ctype() != null) {
      sql = sql.append(" LC_CTYPE {}", Literal.of(spec.ctype()));
    }
    if (spec.localeProvider() != null) {
      sql = sql.append(" LOCALE_PROVIDER {}", Literal.of(spec.localeProvider()));
    }
    if (spec.locale() != null) {
      sql = sql.append("icu".equals(spec.localeProvider()) ? " ICU_LOCALE {}" : " BUILTIN_LOCALE {}",
          Literal.of(spec.locale()));
    }
    if (spec.tablespace() != null) {
      sql = sql.append(" TABLESPACE {}", Identifier.of(spec.tablespace()));
    }
    if (spec.connectionLimit() != null) {
      sql = sql.append(" CONNECTION LIMIT {}", spec.connectionLimit());
    }
    if (spec.isTemplate() != null) {
      sql = sql.append(" IS_TEMPLATE {}", spec.isTemplate());
    }
    if (spec.allowConnections() != null) {
      sql = sql.append(" ALLOW_CONNECTIONS {}", spec.allowConnections());
    }
    return Plan.of(Change.outsideTransaction("create database \"" + spec.name() + "\"", sql));
  }

  /**
   * Creates a database (outside any transaction, as PostgreSQL requires) and returns it. Fails
   * with a {@link io.pgmob.error.ServerErrorException} (SQLSTATE 42P04) if it exists.
   */
  public Mono<Database> create(DatabaseSpec spec) {
    return Mono.fromCallable(() -> createPlan(spec))
        .flatMap(plan -> Plans.applyThenReload(cluster(), plan, this::invalidate, () -> get(spec.name())));
  }

  /** Creates a database with default options. */
  public Mono<Database> create(String name) {
    return Mono.fromCallable(() -> DatabaseSpec.of(name)).flatMap(this::create);
  }

  /**
   * Makes the database match {@code spec}: creates it if missing, otherwise alters only the
   * options that differ. Options the spec leaves unset are not touched. A second run with the
   * same spec changes nothing.
   *
   * @throws InvalidInputException (as an error signal) when the database exists with another
   *     encoding, collation or ctype, which cannot be changed
   */
  public Mono<EnsureResult<Database>> ensure(DatabaseSpec spec) {
    return ensureDatabase(spec);
  }

  /** {@code CREATE DATABASE} and {@code SET TABLESPACE} may not run in a transaction. */
  @Override
  protected boolean ensuresInOneTransaction() {
    return false;
  }

  private Mono<EnsureResult<Database>> ensureDatabase(DatabaseSpec spec) {
    return ensure(spec.name(), () -> createPlan(spec), db -> {
      checkFixed("encoding", spec.encoding(), db.encoding(), db);
      checkFixed("collation", spec.collation(), db.collation(), db);
      checkFixed("ctype", spec.ctype(), db.ctype(), db);
      DatabaseAlteration a = db.alter();
      if (spec.owner() != null) {
        a = a.owner(spec.owner());
      }
      if (spec.tablespace() != null) {
        a = a.tablespace(spec.tablespace());
      }
      if (spec.connectionLimit() != null) {
        a = a.connectionLimit(spec.connectionLimit());
      }
      if (spec.isTemplate() != null) {
        a = a.template(spec.isTemplate());
      }
      if (spec.allowConnections() != null) {
        a = a.allowConnections(spec.allowConnections());
      }
      return a.plan();
    }, e -> inUse(e, spec.name()));
  }

  private static void checkFixed(String what, String wanted, String actual, Database db) {
    if (wanted != null && !wanted.equalsIgnoreCase(actual)) {
      throw new InvalidInputException("database \"" + db.name() + "\" exists with " + what + " " + actual
          + " but the spec asks for " + wanted + "; " + what + " cannot be changed after creation");
    }
  }

  /**
   * Drops database {@code name}; see {@link Database#drop(boolean)}. Fails with {@link
   * io.pgmob.error.ObjectNotFoundException} if there is none.
   */
  public Mono<Void> drop(String name, boolean terminateSessions) {
    return Mono.defer(() -> {
      Identifier db = Identifier.of(name);
      SqlSession<?> c = cluster();
      if (name.equals(c.currentDatabase())) {
        return Mono.error(new InvalidInputException("cannot drop database \"" + name
            + "\": it is the database this cluster session is connected to; connect to another one first"));
      }
      List<Change> changes = new ArrayList<>();
      if (terminateSessions && c.version().atLeast(13)) {
        changes.add(Change.outsideTransaction("drop database \"" + name + "\" terminating its sessions",
            Sql.format("DROP DATABASE {} WITH (FORCE)", db)));
      } else {
        if (terminateSessions) {
          changes.add(Change.of("terminate sessions of database \"" + name + "\"",
              Sql.format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = {} AND pid <> pg_backend_pid()",
                  Literal.of(name))));
        }
        changes.add(Change.outsideTransaction("drop database \"" + name + "\"", Sql.format("DROP DATABASE {}", db)));
      }
      return refresh().then(Mono.defer(() -> get(name)))
          .then(Plans.apply(c, new Plan(changes), this::invalidate))
          .onErrorMap(e -> inUse(e, name, true))
          .then();
    });
  }

  static Throwable inUse(Throwable e, String database) {
    return inUse(e, database, false);
  }

  static Throwable inUse(Throwable e, String database, boolean dropping) {
    if (e instanceof PgmobException p && SqlStates.OBJECT_IN_USE.equals(p.sqlState()) && !(e instanceof DatabaseInUseException)) {
      String detail = e instanceof io.pgmob.error.ServerErrorException s ? s.detail() : null;
      return new DatabaseInUseException(database, dropping, detail, p.cluster(), p.statement(), e);
    }
    return e;
  }

}
