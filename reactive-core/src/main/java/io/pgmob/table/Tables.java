package io.pgmob.table;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ordinary and partitioned tables of the current database ({@code cluster.tables()}), system
 * schemas excluded, keyed {@code "schema.name"}. Lazy and cached until {@link #refresh()}.
 * Tables are created with SQL ({@code cluster.update(...)} or {@code executeScript}), not here.
 */
public final class Tables extends ObjectCollection<Table> {

  /** The tables of {@code session}, cached per session: what {@code cluster.tables()} returns. */
  public static Tables of(SqlSession<?> session) {
    return session.state(Tables.class, Tables::new);
  }

  Tables(SqlSession<?> cluster) {
    super(cluster, "table");
  }

  @Override
  protected Flux<Table> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/table/get_tables", c.version())))
        .map(r -> new Table(c, r));
  }

  @Override
  protected String keyOf(Table t) {
    return Plans.key(t.schema(), t.name());
  }

  /**
   * The table {@code name} in {@code schema}; fails with {@link
   * io.pgmob.error.ObjectNotFoundException} if there is none.
   */
  public Mono<Table> get(String schema, String name) {
    return Mono.fromCallable(() -> Plans.key(Identifier.validate(schema, "schema name"),
        Identifier.validate(name, "table name"))).flatMap(this::get);
  }

  /** The tables of one schema. */
  public Flux<Table> inSchema(String schema) {
    return all().filter(t -> t.schema().equals(schema));
  }

  void changed() {
    invalidate();
  }
}
