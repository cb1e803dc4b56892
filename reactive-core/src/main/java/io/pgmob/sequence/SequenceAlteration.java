package io.pgmob.sequence;

import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Pending changes to one {@link Sequence}, as data; immutable. The option changes become one
 * {@code ALTER SEQUENCE}; owner, rename and schema follow, all in one transaction.
 *
 * <pre>{@code seq.alter().increment(5).maxValue(1_000_000).cycle(true).apply()}</pre>
 */
public final class SequenceAlteration {

  private final Sequence target;
  private final Options o;

  /** The mutable-by-copy bag of requested values. */
  private record Options(@Nullable String dataType, @Nullable Long start, @Nullable Long restart, @Nullable Long min,
      @Nullable Long max, @Nullable Long increment, @Nullable Boolean cycle, @Nullable Long cache,
      @Nullable String owner, @Nullable String newName, @Nullable String newSchema) {}

  private SequenceAlteration(Sequence target, Options o) {
    this.target = target;
    this.o = o;
  }

  static SequenceAlteration of(Sequence s) {
    return new SequenceAlteration(s, new Options(null, null, null, null, null, null, null, null, null, null, null));
  }

  private SequenceAlteration with(Options n) {
    return new SequenceAlteration(target, n);
  }

  /**
   * {@code AS smallint|integer|bigint}.
   *
   * @param type {@code AS smallint|integer|bigint}
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration dataType(String type) {
    String t = SequenceSpec.normalizeType(type);
    return with(new Options(t, o.start, o.restart, o.min, o.max, o.increment, o.cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * {@code START WITH}: the value a later {@code RESTART} goes back to.
   *
   * @param start {@code START WITH}: the value a later {@code RESTART} goes back to
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration start(long start) {
    return with(new Options(o.dataType, start, o.restart, o.min, o.max, o.increment, o.cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * {@code RESTART WITH value}: the next {@code nextval} returns {@code value}.
   *
   * @param value {@code RESTART WITH value}: the next {@code nextval} returns {@code value}
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration restart(long value) {
    return with(new Options(o.dataType, o.start, value, o.min, o.max, o.increment, o.cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * New lowest value ({@code MINVALUE}).
   *
   * @param min new lowest value ({@code MINVALUE})
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration minValue(long min) {
    return with(new Options(o.dataType, o.start, o.restart, min, o.max, o.increment, o.cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * New highest value ({@code MAXVALUE}).
   *
   * @param max new highest value ({@code MAXVALUE})
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration maxValue(long max) {
    return with(new Options(o.dataType, o.start, o.restart, o.min, max, o.increment, o.cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * Step, not 0.
   *
   * @param increment step, not 0
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration increment(long increment) {
    if (increment == 0) {
      throw new InvalidInputException("sequence increment must not be 0");
    }
    return with(new Options(o.dataType, o.start, o.restart, o.min, o.max, increment, o.cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * Whether it wraps around at its limit.
   *
   * @param cycle whether it wraps around at its limit
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration cycle(boolean cycle) {
    return with(new Options(o.dataType, o.start, o.restart, o.min, o.max, o.increment, cycle, o.cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * Values preallocated per session, at least 1.
   *
   * @param cache values preallocated per session, at least 1
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration cache(long cache) {
    if (cache < 1) {
      throw new InvalidInputException("sequence cache must be at least 1, not " + cache);
    }
    return with(new Options(o.dataType, o.start, o.restart, o.min, o.max, o.increment, o.cycle, cache, o.owner, o.newName, o.newSchema));
  }

  /**
   * New owner role.
   *
   * @param owner new owner role
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration owner(String owner) {
    Identifier.validate(owner, "owner role name");
    return with(new Options(o.dataType, o.start, o.restart, o.min, o.max, o.increment, o.cycle, o.cache, owner, o.newName, o.newSchema));
  }

  /**
   * A new name in the same schema.
   *
   * @param newName a new name in the same schema
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration rename(String newName) {
    Identifier.validate(newName, "sequence name");
    return with(new Options(o.dataType, o.start, o.restart, o.min, o.max, o.increment, o.cycle, o.cache, o.owner, newName, o.newSchema));
  }

  /**
   * Moves the sequence to another schema.
   *
   * @param newSchema moves the sequence to another schema
   * @return a new alteration with this change added; this one is unchanged
   */
  public SequenceAlteration schema(String newSchema) {
    Identifier.validate(newSchema, "schema name");
    return with(new Options(o.dataType, o.start, o.restart, o.min, o.max, o.increment, o.cycle, o.cache, o.owner, o.newName, newSchema));
  }

  /** {@return the statements this would run; empty when nothing differs} */
  public Plan plan() {
    QualifiedName q = target.qualifiedName();
    Sql opts = Sql.empty();
    List<String> what = new ArrayList<>();
    if (o.dataType != null && !o.dataType.equals(target.dataType())) {
      opts = opts.append(" AS " + o.dataType);
      what.add("type " + o.dataType);
    }
    if (o.increment != null && o.increment != target.increment()) {
      opts = opts.append(" INCREMENT BY {}", o.increment);
      what.add("increment " + o.increment);
    }
    if (o.min != null && o.min != target.minValue()) {
      opts = opts.append(" MINVALUE {}", o.min);
      what.add("min " + o.min);
    }
    if (o.max != null && o.max != target.maxValue()) {
      opts = opts.append(" MAXVALUE {}", o.max);
      what.add("max " + o.max);
    }
    if (o.start != null && o.start != target.start()) {
      opts = opts.append(" START WITH {}", o.start);
      what.add("start " + o.start);
    }
    if (o.restart != null) {
      opts = opts.append(" RESTART WITH {}", o.restart);
      what.add("restart at " + o.restart);
    }
    if (o.cache != null && o.cache != target.cache()) {
      opts = opts.append(" CACHE {}", o.cache);
      what.add("cache " + o.cache);
    }
    if (o.cycle != null && o.cycle != target.cycle()) {
      opts = opts.append(o.cycle ? " CYCLE" : " NO CYCLE");
      what.add(o.cycle ? "cycle" : "no cycle");
    }
    List<Change> out = new ArrayList<>();
    if (!what.isEmpty()) {
      out.add(Change.of("set " + String.join(", ", what) + " on sequence " + q,
          Sql.format("ALTER SEQUENCE {}", q).append(opts)));
    }
    if (o.owner != null && !o.owner.equals(target.owner())) {
      out.add(target.ownerChange(o.owner));
    }
    out.addAll(target.renameAndMoveChanges(o.newName, o.newSchema));
    return new Plan(out);
  }

  /** Runs the plan in one transaction and returns the sequence as it is now. */
  public Mono<Sequence> apply() {
    Sequences s = Sequences.of(target.cluster());
    String schema = o.newSchema != null ? o.newSchema : target.schema();
    String name = o.newName != null ? o.newName : target.name();
    return Mono.fromCallable(this::plan)
        .flatMap(p -> Plans.applyThenReload(target.cluster(), p, s::changed, () -> s.get(schema, name)));
  }

  @Override
  public String toString() {
    return plan().toString();
  }
}
