package io.pgmob.sequence;

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
 * The sequences of the current database ({@code cluster.sequences()}), keyed {@code
 * "schema.name"}.
 *
 * <pre>{@code
 * cluster.sequences().ensure(SequenceSpec.builder("app", "order_no").start(1000L).build())
 * }</pre>
 */
public final class Sequences extends ObjectCollection<Sequence> {

  /** The sequences of {@code session}, cached per session: what {@code cluster.sequences()} returns. */
  public static Sequences of(SqlSession<?> session) {
    return session.state(Sequences.class, Sequences::new);
  }

  Sequences(SqlSession<?> cluster) {
    super(cluster, "sequence");
  }

  @Override
  protected Flux<Sequence> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/sequence/get_sequences", c.version())))
        .map(r -> new Sequence(c, r));
  }

  @Override
  protected String keyOf(Sequence s) {
    return Plans.key(s.schema(), s.name());
  }

  /** The sequence {@code name} in {@code schema}; fails with {@link io.pgmob.error.ObjectNotFoundException}. */
  public Mono<Sequence> get(String schema, String name) {
    return Mono.fromCallable(() -> Plans.key(Identifier.validate(schema, "schema name"),
        Identifier.validate(name, "sequence name"))).flatMap(this::get);
  }

  void changed() {
    invalidate();
  }

  /** The statements that would create {@code spec}: {@code CREATE SEQUENCE} and, if named, its owner. */
  public static Plan createPlan(SequenceSpec spec) {
    io.pgmob.sql.QualifiedName q = io.pgmob.sql.QualifiedName.of(spec.schema(), spec.name());
    Sql sql = Sql.format("CREATE SEQUENCE {}", q);
    if (spec.dataType() != null) {
      sql = sql.append(" AS " + spec.dataType());
    }
    if (spec.increment() != null) {
      sql = sql.append(" INCREMENT BY {}", spec.increment());
    }
    if (spec.minValue() != null) {
      sql = sql.append(" MINVALUE {}", spec.minValue());
    }
    if (spec.maxValue() != null) {
      sql = sql.append(" MAXVALUE {}", spec.maxValue());
    }
    if (spec.start() != null) {
      sql = sql.append(" START WITH {}", spec.start());
    }
    if (spec.cache() != null) {
      sql = sql.append(" CACHE {}", spec.cache());
    }
    if (spec.cycle() != null) {
      sql = sql.append(spec.cycle() ? " CYCLE" : " NO CYCLE");
    }
    Plan plan = Plan.of(Change.of("create sequence " + q, sql));
    if (spec.owner() != null) {
      plan = plan.plus(Change.of("set owner of sequence " + q + " to \"" + spec.owner() + "\"",
          Sql.format("ALTER SEQUENCE {} OWNER TO {}", q, Identifier.of(spec.owner()))));
    }
    return plan;
  }

  /** Creates a sequence (and sets its owner) in one transaction. */
  public Mono<Sequence> create(SequenceSpec spec) {
    return Mono.fromCallable(() -> createPlan(spec))
        .flatMap(p -> Plans.applyThenReload(cluster(), p, this::invalidate, () -> get(spec.schema(), spec.name())));
  }

  /**
   * Creates the sequence if missing, otherwise alters the options the spec sets and the sequence
   * does not have. A second run changes nothing. The current value is never reset.
   */
  public Mono<EnsureResult<Sequence>> ensure(SequenceSpec spec) {
    String key = Plans.key(spec.schema(), spec.name());
    return ensure(key, () -> createPlan(spec), s -> {
      SequenceAlteration a = s.alter();
      if (spec.dataType() != null) {
        a = a.dataType(spec.dataType());
      }
      if (spec.increment() != null) {
        a = a.increment(spec.increment());
      }
      if (spec.minValue() != null) {
        a = a.minValue(spec.minValue());
      }
      if (spec.maxValue() != null) {
        a = a.maxValue(spec.maxValue());
      }
      if (spec.start() != null) {
        a = a.start(spec.start());
      }
      if (spec.cache() != null) {
        a = a.cache(spec.cache());
      }
      if (spec.cycle() != null) {
        a = a.cycle(spec.cycle());
      }
      if (spec.owner() != null) {
        a = a.owner(spec.owner());
      }
      return a.plan();
    });
  }
}
