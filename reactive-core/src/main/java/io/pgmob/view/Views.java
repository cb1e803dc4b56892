package io.pgmob.view;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The views and materialized views of the current database ({@code cluster.views()}), system
 * schemas excluded, keyed {@code "schema.name"}.
 *
 * <pre>{@code
 * cluster.views().create("app", "active_users", "SELECT * FROM app.users WHERE active", false)
 * }</pre>
 */
public final class Views extends ObjectCollection<View> {

  /** The views of {@code session}, cached per session: what {@code cluster.views()} returns. */
  public static Views of(SqlSession<?> session) {
    return session.state(Views.class, Views::new);
  }

  Views(SqlSession<?> cluster) {
    super(cluster, "view");
  }

  @Override
  protected Flux<View> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/view/get_views", c.version())))
        .map(r -> new View(c, r));
  }

  @Override
  protected String keyOf(View v) {
    return Plans.key(v.schema(), v.name());
  }

  /** The view {@code name} in {@code schema}; fails with {@link io.pgmob.error.ObjectNotFoundException}. */
  public Mono<View> get(String schema, String name) {
    return Mono.fromCallable(() -> Plans.key(Identifier.validate(schema, "schema name"),
        Identifier.validate(name, "view name"))).flatMap(this::get);
  }

  static String trimmed(String definition) {
    String def = definition.strip();
    return def.endsWith(";") ? def.substring(0, def.length() - 1) : def;
  }

  static Sql createSql(QualifiedName q, String definition, boolean materialized) {
    String def = trimmed(definition);
    return Sql.format(materialized ? "CREATE MATERIALIZED VIEW {} AS " : "CREATE VIEW {} AS ", q).append(Sql.raw(def));
  }

  /**
   * Creates a view (or a materialized view, populated at once) from a query given as trusted SQL
   * text, and returns it.
   */
  public Mono<View> create(String schema, String name, String query, boolean materialized) {
    return Mono.fromCallable(() -> {
      if (query.isBlank()) {
        throw new InvalidInputException("a view definition must not be empty");
      }
      QualifiedName q = QualifiedName.of(schema, name);
      return Plan.of(Change.of("create " + (materialized ? "materialized view " : "view ") + q,
          createSql(q, query, materialized)));
    }).flatMap(p -> Plans.applyThenReload(cluster(), p, this::invalidate, () -> get(schema, name)));
  }

  void changed() {
    invalidate();
  }
}
