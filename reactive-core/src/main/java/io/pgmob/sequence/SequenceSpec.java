package io.pgmob.sequence;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a sequence should look like, for {@link Sequences#create(SequenceSpec)} and {@link
 * Sequences#ensure(SequenceSpec)}. Unset options mean "server default" on create and "leave as
 * is" on ensure. Immutable.
 *
 * <pre>{@code
 * SequenceSpec.builder("app", "order_no").dataType("bigint").start(1000).increment(10).build()
 * }</pre>
 */
public final class SequenceSpec {

  private static final Set<String> TYPES = Set.of("smallint", "integer", "bigint");

  private final String schema;
  private final String name;
  private final @Nullable String owner;
  private final @Nullable String dataType;
  private final @Nullable Long start;
  private final @Nullable Long minValue;
  private final @Nullable Long maxValue;
  private final @Nullable Long increment;
  private final @Nullable Boolean cycle;
  private final @Nullable Long cache;

  private SequenceSpec(Builder b) {
    schema = b.schema;
    name = b.name;
    owner = b.owner;
    dataType = b.dataType;
    start = b.start;
    minValue = b.minValue;
    maxValue = b.maxValue;
    increment = b.increment;
    cycle = b.cycle;
    cache = b.cache;
  }

  /** A builder for sequence {@code name} in {@code schema}. */
  public static Builder builder(String schema, String name) {
    return new Builder(schema, name);
  }

  /** {@return the requested schema; null when unset} */
  public String schema() {
    return schema;
  }

  /** {@return the requested name; null when unset} */
  public String name() {
    return name;
  }

  /** {@return the requested owner; null when unset} */
  public @Nullable String owner() {
    return owner;
  }

  /** {@return the requested data type; null when unset} */
  public @Nullable String dataType() {
    return dataType;
  }

  /** {@return the requested start; null when unset} */
  public @Nullable Long start() {
    return start;
  }

  /** {@return the requested minimum; null when unset} */
  public @Nullable Long minValue() {
    return minValue;
  }

  /** {@return the requested maximum; null when unset} */
  public @Nullable Long maxValue() {
    return maxValue;
  }

  /** {@return the requested increment; null when unset} */
  public @Nullable Long increment() {
    return increment;
  }

  /** {@return the requested cycle; null when unset} */
  public @Nullable Boolean cycle() {
    return cycle;
  }

  /** {@return the requested cache; null when unset} */
  public @Nullable Long cache() {
    return cache;
  }

  @Override
  public String toString() {
    return "SequenceSpec[" + schema + "." + name + "]";
  }

  /** Builds a {@link SequenceSpec}; checked in {@link #build()}. */
  public static final class Builder {
    private final String schema;
    private final String name;
    private @Nullable String owner;
    private @Nullable String dataType;
    private @Nullable Long start;
    private @Nullable Long minValue;
    private @Nullable Long maxValue;
    private @Nullable Long increment;
    private @Nullable Boolean cycle;
    private @Nullable Long cache;

    private Builder(String schema, String name) {
      this.schema = Objects.requireNonNull(schema, "schema");
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Owner role; default the creating role.
     *
     * @param owner owner role; default the creating role
     * @return this builder
     */
    public Builder owner(@Nullable String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * {@code smallint}, {@code integer} or {@code bigint} (aliases int2/int4/int8 accepted); default bigint.
     *
     * @param dataType {@code smallint}, {@code integer} or {@code bigint} (aliases int2/int4/int8 accepted); default bigint
     * @return this builder
     */
    public Builder dataType(@Nullable String dataType) {
      this.dataType = dataType;
      return this;
    }

    /**
     * First value; default minValue (ascending) or maxValue (descending).
     *
     * @param start first value; default minValue (ascending) or maxValue (descending)
     * @return this builder
     */
    public Builder start(@Nullable Long start) {
      this.start = start;
      return this;
    }

    /**
     * Lowest value; default 1 (ascending).
     *
     * @param minValue lowest value; default 1 (ascending)
     * @return this builder
     */
    public Builder minValue(@Nullable Long minValue) {
      this.minValue = minValue;
      return this;
    }

    /**
     * Highest value; default the type's maximum (ascending).
     *
     * @param maxValue highest value; default the type's maximum (ascending)
     * @return this builder
     */
    public Builder maxValue(@Nullable Long maxValue) {
      this.maxValue = maxValue;
      return this;
    }

    /**
     * Step, not 0; default 1.
     *
     * @param increment step, not 0; default 1
     * @return this builder
     */
    public Builder increment(@Nullable Long increment) {
      this.increment = increment;
      return this;
    }

    /**
     * Whether to wrap around; default false.
     *
     * @param cycle whether to wrap around; default false
     * @return this builder
     */
    public Builder cycle(@Nullable Boolean cycle) {
      this.cycle = cycle;
      return this;
    }

    /**
     * Values preallocated per session, at least 1; default 1.
     *
     * @param cache values preallocated per session, at least 1; default 1
     * @return this builder
     */
    public Builder cache(@Nullable Long cache) {
      this.cache = cache;
      return this;
    }

    /**
     * The spec.
     *
     * @throws InvalidInputException for invalid names, an unknown data type, increment 0, cache
     *     below 1, or min above max
     */
    public SequenceSpec build() {
      Identifier.validate(schema, "schema name");
      Identifier.validate(name, "sequence name");
      if (owner != null) {
        Identifier.validate(owner, "owner role name");
      }
      if (dataType != null) {
        dataType = normalizeType(dataType);
      }
      if (increment != null && increment == 0) {
        throw new InvalidInputException("sequence increment must not be 0");
      }
      if (cache != null && cache < 1) {
        throw new InvalidInputException("sequence cache must be at least 1, not " + cache);
      }
      if (minValue != null && maxValue != null && minValue >= maxValue) {
        throw new InvalidInputException("sequence minValue " + minValue + " must be below maxValue " + maxValue);
      }
      return new SequenceSpec(this);
    }
  }

  static String normalizeType(String type) {
    String t = type.strip().toLowerCase(Locale.ROOT);
    t = switch (t) {
      case "int2" -> "smallint";
      case "int4", "int" -> "integer";
      case "int8" -> "bigint";
      default -> t;
    };
    if (!TYPES.contains(t)) {
      throw new InvalidInputException("sequence data type must be smallint, integer or bigint, not \"" + type + "\"");
    }
    return t;
  }
}
