package io.pgmob.routine;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.managed.SchemaObject;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One overload of a function, procedure, aggregate or window function: an immutable snapshot.
 * Overloads share a name and differ by {@link #arguments()}.
 *
 * <pre>{@code
 * cluster.routines().get("app", "add", "integer, integer").flatMap(Routine::script)
 * }</pre>
 */
public final class Routine extends SchemaObject {

  private final String arguments;
  private final @Nullable String result;
  private final RoutineKind kind;
  private final String language;
  private final String volatility;
  private final boolean strict;
  private final boolean securityDefiner;
  private final boolean leakproof;
  private final String parallel;

  Routine(SqlSession<?> cluster, Row r) {
    super(cluster, r);
    this.arguments = Objects.requireNonNull(r.getString("arguments"));
    this.result = r.getString("result");
    this.kind = RoutineKind.of(Objects.requireNonNull(r.getString("kind")));
    this.language = Objects.requireNonNull(r.getString("language"));
    this.volatility = Objects.requireNonNull(r.getString("volatility"));
    this.strict = Boolean.TRUE.equals(r.getBoolean("strict"));
    this.securityDefiner = Boolean.TRUE.equals(r.getBoolean("security_definer"));
    this.leakproof = Boolean.TRUE.equals(r.getBoolean("leakproof"));
    this.parallel = Objects.requireNonNull(r.getString("parallel"));
  }

  /**
   * The identity arguments as the server prints them ({@code pg_get_function_identity_arguments}),
   * for example {@code a integer, b text}; empty for none.
   */
  public String arguments() {
    return arguments;
  }

  /** {@return the result type ({@code pg_get_function_result}); null for procedures} */
  public @Nullable String result() {
    return result;
  }

  /** Function, procedure, aggregate or window function. */
  public RoutineKind kind() {
    return kind;
  }

  /** {@return {@code sql}, {@code plpgsql}, {@code c}, {@code internal} } */
  public String language() {
    return language;
  }

  /** {@return {@code immutable}, {@code stable} or {@code volatile}} */
  public String volatility() {
    return volatility;
  }

  /** {@return whether it returns null on null input without running} */
  public boolean isStrict() {
    return strict;
  }

  /** {@return whether it runs with the privileges of its owner} */
  public boolean isSecurityDefiner() {
    return securityDefiner;
  }

  /** {@return whether it is marked {@code LEAKPROOF}} */
  public boolean isLeakproof() {
    return leakproof;
  }

  /** {@return {@code safe}, {@code restricted} or {@code unsafe}} */
  public String parallel() {
    return parallel;
  }

  /** {@return the key the collection uses: {@code schema.name(arguments)}} */
  public String signature() {
    return Routines.key(schema(), name(), arguments);
  }

  @Override
  protected String keyword() {
    return kind.keyword();
  }

  /**
   * {@code "schema"."name"(arguments)}: the argument list is the server's own text, so it is
   * trusted as is.
   */
  @Override
  protected Sql target(String name) {
    return Sql.format("{}", QualifiedName.of(schema(), name)).append(Sql.raw("(" + arguments + ")"));
  }

  /** The kind and the {@link #signature()} it had when read, whatever {@code name} it is given. */
  @Override
  protected String label(String name) {
    return kind.keyword().toLowerCase(Locale.ROOT) + " " + signature();
  }

  /** Pending changes, none yet. */
  public Alteration alter() {
    return new Alteration(this, null, null, null);
  }

  /** Drops this overload; with {@code cascade}, also what depends on it. */
  public Mono<Void> drop(boolean cascade) {
    Routines r = Routines.of(cluster());
    return Plans.apply(cluster(), Plan.of(dropChange(cascade)), r::changed).then();
  }

  /** Reads it again. */
  public Mono<Routine> refresh() {
    return Routines.of(cluster()).refresh().then(Mono.defer(() -> Routines.of(cluster()).get(signature())));
  }

  /**
   * The DDL that recreates it: the server's own {@code pg_get_functiondef} for functions and
   * procedures, {@code CREATE AGGREGATE} from {@code pg_aggregate} for aggregates; then the owner.
   */
  public Mono<String> script() {
    SqlSession<?> cluster = cluster();
    Mono<String> body;
    if (kind == RoutineKind.AGGREGATE) {
      body = cluster.execute(CatalogQueries.get("io/pgmob/routine/get_aggregate", cluster.version()), oid())
          .next()
          .map(r -> {
            List<String> opts = new ArrayList<>();
            opts.add("SFUNC = " + r.getString("sfunc"));
            opts.add("STYPE = " + r.getString("stype"));
            if (r.getString("finalfunc") != null) {
              opts.add("FINALFUNC = " + r.getString("finalfunc"));
            }
            if (r.getString("combinefunc") != null) {
              opts.add("COMBINEFUNC = " + r.getString("combinefunc"));
            }
            if (r.getString("initcond") != null) {
              opts.add("INITCOND = " + Literal.of(r.getString("initcond")).text());
            }
            return Sql.format("CREATE AGGREGATE {}", target(name())).text() + " (\n    " + String.join(",\n    ", opts) + "\n)";
          });
    } else {
      body = cluster.scalar("SELECT pg_get_functiondef($1::bigint::oid)", String.class, oid()).map(String::strip);
    }
    return body.map(b -> b + ";\n" + ownerChange(owner()).sql().text() + ";\n");
  }

  @Override
  public String toString() {
    return kind + "[" + signature() + ", " + language + ", " + volatility + ", owner " + owner() + "]";
  }

  /** Pending changes to a routine, as data; immutable. Order: owner, rename, schema. */
  public static final class Alteration {
    private final Routine target;
    private final @Nullable String owner;
    private final @Nullable String newName;
    private final @Nullable String newSchema;

    Alteration(Routine target, @Nullable String owner, @Nullable String newName, @Nullable String newSchema) {
      this.target = target;
      this.owner = owner;
      this.newName = newName;
      this.newSchema = newSchema;
    }

    public Alteration owner(String owner) {
      Identifier.validate(owner, "owner role name");
      return new Alteration(target, owner, newName, newSchema);
    }

    /** A new name in the same schema (fails on the server if that overload exists). */
    public Alteration rename(String newName) {
      Identifier.validate(newName, "routine name");
      return new Alteration(target, owner, newName, newSchema);
    }

    /** Moves it to another schema. */
    public Alteration schema(String newSchema) {
      Identifier.validate(newSchema, "schema name");
      return new Alteration(target, owner, newName, newSchema);
    }

    /** {@return the statements this would run} */
    public Plan plan() {
      List<Change> out = new ArrayList<>();
      if (owner != null && !owner.equals(target.owner())) {
        out.add(target.ownerChange(owner));
      }
      out.addAll(target.renameAndMoveChanges(newName, newSchema));
      return new Plan(out);
    }

    /** Runs the plan in one transaction and returns the routine as it is now. */
    public Mono<Routine> apply() {
      Routines r = Routines.of(target.cluster());
      String key = Routines.key(newSchema != null ? newSchema : target.schema(), newName != null ? newName : target.name(),
          target.arguments);
      return Mono.fromCallable(this::plan).flatMap(p -> Plans.applyThenReload(target.cluster(), p, r::changed, () -> r.get(key)));
    }

    @Override
    public String toString() {
      return plan().toString();
    }
  }
}
