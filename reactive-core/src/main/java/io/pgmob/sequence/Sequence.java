package io.pgmob.sequence;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.Plan;
import io.pgmob.managed.SchemaObject;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Sql;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A sequence of the current database: an immutable snapshot of its options and last value.
 *
 * <pre>{@code
 * cluster.sequences().get("app", "order_no").flatMap(Sequence::nextval)
 * }</pre>
 */
public final class Sequence extends SchemaObject {

  private final String dataType;
  private final long start;
  private final long minValue;
  private final long maxValue;
  private final long increment;
  private final boolean cycle;
  private final long cache;
  private final @Nullable Long lastValue;

  Sequence(SqlSession<?> cluster, Row r) {
    super(cluster, r);
    this.dataType = Objects.requireNonNull(r.getString("data_type"));
    this.start = Objects.requireNonNull(r.getLong("start_value"));
    this.minValue = Objects.requireNonNull(r.getLong("min_value"));
    this.maxValue = Objects.requireNonNull(r.getLong("max_value"));
    this.increment = Objects.requireNonNull(r.getLong("increment_by"));
    this.cycle = Boolean.TRUE.equals(r.getBoolean("cycle"));
    this.cache = Objects.requireNonNull(r.getLong("cache_size"));
    this.lastValue = r.getLong("last_value");
  }

  /** {@return {@code smallint}, {@code integer} or {@code bigint}} */
  public String dataType() {
    return dataType;
  }

  /** {@return the {@code START WITH} value} */
  public long start() {
    return start;
  }

  /** {@return the lowest value} */
  public long minValue() {
    return minValue;
  }

  /** {@return the highest value} */
  public long maxValue() {
    return maxValue;
  }

  /** {@return the step between values} */
  public long increment() {
    return increment;
  }

  /** {@return whether it wraps around at the limit} */
  public boolean cycle() {
    return cycle;
  }

  /** {@return how many values are preallocated per session} */
  public long cache() {
    return cache;
  }

  /** {@return the last value handed out (by any session); null when never used (or not readable)} */
  public @Nullable Long lastValue() {
    return lastValue;
  }

  @Override
  protected String keyword() {
    return "SEQUENCE";
  }

  /** Pending changes, none yet. */
  public SequenceAlteration alter() {
    return SequenceAlteration.of(this);
  }

  /** {@return {@code nextval}: advances the sequence and returns the new value} */
  public Mono<Long> nextval() {
    return cluster().scalar("SELECT nextval($1::regclass)", Long.class, qualifiedName().text());
  }

  /**
   * {@code currval}: the value {@link #nextval()} last returned in this cluster's session. Fails
   * (SQLSTATE 55000) if this session never called it.
   */
  public Mono<Long> currval() {
    return cluster().scalar("SELECT currval($1::regclass)", Long.class, qualifiedName().text());
  }

  /** {@code setval(seq, value, true)}: the next {@code nextval} returns {@code value + increment}. */
  public Mono<Long> setval(long value) {
    return setval(value, true);
  }

  /**
   * {@code setval(seq, value, isCalled)}: with {@code isCalled} false the next {@code nextval}
   * returns {@code value} itself.
   */
  public Mono<Long> setval(long value, boolean isCalled) {
    return cluster().scalar("SELECT setval($1::regclass, $2::bigint, $3::boolean)", Long.class,
        qualifiedName().text(), value, isCalled);
  }

  /** Drops the sequence; with {@code cascade}, also the column defaults that use it. */
  public Mono<Void> drop(boolean cascade) {
    Sequences s = Sequences.of(cluster());
    return Plans.apply(cluster(), Plan.of(dropChange(cascade)), s::changed).then();
  }

  /** Reads it again. */
  public Mono<Sequence> refresh() {
    return Sequences.of(cluster()).refresh().then(Mono.defer(() -> Sequences.of(cluster()).get(schema(), name())));
  }

  /** {@return A spec describing this sequence as it is} */
  public SequenceSpec toSpec() {
    return SequenceSpec.builder(schema(), name()).owner(owner()).dataType(dataType).start(start).minValue(minValue)
        .maxValue(maxValue).increment(increment).cycle(cycle).cache(cache).build();
  }

  /** {@return {@code CREATE SEQUENCE} with all options, its owner, and a {@code setval} for the last value} */
  public Mono<String> script() {
    return Mono.fromSupplier(() -> {
      StringBuilder sb = new StringBuilder();
      for (String s : Sequences.createPlan(toSpec()).statements()) {
        sb.append(s).append('\n');
      }
      if (lastValue != null) {
        sb.append(Sql.format("SELECT setval({}::regclass, {}, true)",
            io.pgmob.sql.Literal.of(qualifiedName().text()), lastValue).text()).append(";\n");
      }
      return sb.toString();
    });
  }

  @Override
  public String toString() {
    return "Sequence[" + schema() + "." + name() + ", " + dataType + ", " + minValue + ".." + maxValue + " by " + increment
        + (cycle ? ", cycle" : "") + ", last " + lastValue + "]";
  }
}
