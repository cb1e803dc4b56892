package io.pgmob.schema;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import io.pgmob.managed.EnsureResult;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The schemas of the current database ({@code cluster.schemas()}); toast and temporary schemas
 * are left out. Lazy and cached until {@link #refresh()}.
 *
 * <pre>{@code
 * cluster.schemas().ensure(new SchemaSpec("app", "app_owner"))
 * }</pre>
 */
public final class Schemas extends ObjectCollection<Schema> {

  /** The schemas of {@code session}, cached per session: what {@code cluster.schemas()} returns. */
  public static Schemas of(SqlSession<?> session) {
    return session.state(Schemas.class, Schemas::new);
  }

  Schemas(SqlSession<?> cluster) {
    super(cluster, "schema");
  }

  @Override
  protected Flux<Schema> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/schema/get_schemas", c.version())))
        .map(r -> new Schema(c, r));
  }

  @Override
  protected String keyOf(Schema s) {
    return s.name();
  }

  void changed() {
    invalidate();
  }

  /** The statement that would create {@code spec}. */
  public Plan createPlan(SchemaSpec spec) {
    Sql sql = Sql.format("CREATE SCHEMA {}", Identifier.of(spec.name()));
    if (spec.owner() != null) {
      sql = sql.append(" AUTHORIZATION {}", Identifier.of(spec.owner()));
    }
    return Plan.of(Change.of("create schema \"" + spec.name() + "\"", sql));
  }

  /** Creates a schema; fails (SQLSTATE 42P06) if it exists. */
  public Mono<Schema> create(SchemaSpec spec) {
    return Mono.fromCallable(() -> createPlan(spec))
        .flatMap(p -> Plans.applyThenReload(cluster(), p, this::invalidate, () -> get(spec.name())));
  }

  /** Creates a schema owned by the current user. */
  public Mono<Schema> create(String name) {
    return Mono.fromCallable(() -> SchemaSpec.of(name)).flatMap(this::create);
  }

  /**
   * Creates the schema if missing, otherwise sets its owner if the spec names another one. A
   * second run changes nothing.
   */
  public Mono<EnsureResult<Schema>> ensure(SchemaSpec spec) {
    return ensure(spec.name(), () -> createPlan(spec),
        s -> spec.owner() == null ? Plan.empty() : s.alter().owner(spec.owner()).plan());
  }
}
