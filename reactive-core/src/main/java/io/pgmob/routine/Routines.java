package io.pgmob.routine;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The functions, procedures, aggregates and window functions of the current database ({@code
 * cluster.routines()}), one entry per overload, system schemas excluded. Keyed {@code
 * schema.name(arguments)} with the arguments as the server prints them (see {@link
 * Routine#arguments()}). Routines are created with SQL ({@code cluster.executeScript}).
 */
public final class Routines extends ObjectCollection<Routine> {

  /** The routines of {@code session}, cached per session: what {@code cluster.routines()} returns. */
  public static Routines of(SqlSession<?> session) {
    return session.state(Routines.class, Routines::new);
  }

  Routines(SqlSession<?> cluster) {
    super(cluster, "routine");
  }

  @Override
  protected Flux<Routine> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/routine/get_routines", c.version())))
        .map(r -> new Routine(c, r));
  }

  @Override
  protected String keyOf(Routine r) {
    return r.signature();
  }

  static String key(String schema, String name, String arguments) {
    return schema + "." + name + "(" + arguments + ")";
  }

  /**
   * The overload of {@code schema.name} whose identity arguments are {@code arguments} (as the
   * server prints them, e.g. {@code "a integer, b text"} or {@code ""}); fails with {@link
   * io.pgmob.error.ObjectNotFoundException}.
   */
  public Mono<Routine> get(String schema, String name, String arguments) {
    return Mono.fromCallable(() -> key(Identifier.validate(schema, "schema name"),
        Identifier.validate(name, "routine name"), arguments)).flatMap(this::get);
  }

  /**
   * The overload of {@code schema.name} that takes {@code argumentTypes} (input arguments only),
   * resolved by the server with {@code to_regprocedure}, so aliases such as {@code int}/{@code
   * int4}/{@code integer} and argument names do not matter. Fails with {@link
   * io.pgmob.error.ObjectNotFoundException} when no overload matches.
   *
   * <pre>{@code cluster.routines().byArgumentTypes("app", "add", "int", "int")}</pre>
   */
  public Mono<Routine> byArgumentTypes(String schema, String name, String... argumentTypes) {
    return Mono.defer(() -> {
      String signature = QualifiedName.of(schema, name).text() + "(" + String.join(", ", argumentTypes) + ")";
      ObjectNotFoundException notFound = new ObjectNotFoundException(kind(), signature, cluster().name());
      // the signature travels as a bound text value, parsed by the server: nothing is spliced into SQL
      return cluster().scalar("SELECT to_regprocedure($1)::oid::bigint", Long.class, signature)
          .switchIfEmpty(Mono.error(notFound))
          .flatMap(oid -> all().filter(r -> r.oid() == oid).next().switchIfEmpty(Mono.error(notFound)));
    });
  }

  /** Every overload named {@code name} in {@code schema}. */
  public Flux<Routine> overloads(String schema, String name) {
    return all().filter(r -> r.schema().equals(schema) && r.name().equals(name));
  }

  void changed() {
    invalidate();
  }
}
