package io.pgmob.session;

import io.pgmob.error.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One result row, detached from the connection: column names and values decoded with the
 * driver's default types (text as {@code String}, int4 as {@code Integer}, int8 as {@code Long},
 * bool as {@code Boolean}, timestamptz as {@code OffsetDateTime}, arrays as Java arrays; types
 * without a codec as their text form). Immutable.
 */
public final class Row {

  private final List<String> columns;
  private final @Nullable Object[] values;

  /** A row of {@code columns} and {@code values} (same length). */
  public Row(List<String> columns, @Nullable Object[] values) {
    if (columns.size() != values.length) {
      throw new IllegalArgumentException(columns.size() + " columns but " + values.length + " values");
    }
    this.columns = List.copyOf(columns);
    this.values = values.clone();
  }

  /** Column names in order. */
  public List<String> columns() {
    return columns;
  }

  /** {@return the number of columns} */
  public int size() {
    return values.length;
  }

  /** The value of column {@code index} (0-based). */
  public @Nullable Object get(int index) {
    return values[index];
  }

  /** The value of the named column. */
  public @Nullable Object get(String column) {
    return values[indexOf(column)];
  }

  private int indexOf(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new InvalidInputException("no column \"" + column + "\" in this row; columns: " + columns);
    }
    return i;
  }

  /** The named column converted to {@code type}: numbers widen or narrow, anything to String. */
  public <T> @Nullable T get(String column, Class<T> type) {
    return convert(get(column), type, column);
  }

  /** Column {@code index} converted to {@code type}. */
  public <T> @Nullable T get(int index, Class<T> type) {
    return convert(get(index), type, columns.get(index));
  }

  /** The named column as text (any value converts), or null. */
  public @Nullable String getString(String column) {
    return get(column, String.class);
  }

  /** The named column as a {@code Long}, or null. */
  public @Nullable Long getLong(String column) {
    return get(column, Long.class);
  }

  /** The named column as an {@code Integer}, or null; fails if the value does not fit. */
  public @Nullable Integer getInt(String column) {
    return get(column, Integer.class);
  }

  /** The named column as a {@code Boolean}, or null. */
  public @Nullable Boolean getBoolean(String column) {
    return get(column, Boolean.class);
  }

  /** A text array column as a list ({@code null} stays null). */
  public @Nullable List<String> getStringList(String column) {
    Object v = get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof Object[] arr) {
      return Arrays.stream(arr).map(o -> o == null ? null : o.toString()).toList();
    }
    throw new InvalidInputException("column \"" + column + "\" is a " + v.getClass().getSimpleName() + ", not an array");
  }

  /** Column names to values, in column order. */
  public Map<String, @Nullable Object> toMap() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(columns.get(i), values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @SuppressWarnings("unchecked")
  static <T> @Nullable T convert(@Nullable Object v, Class<T> type, String column) {
    if (v == null || type.isInstance(v)) {
      return (T) v;
    }
    if (type == String.class) {
      if (v instanceof Object[] arr) {
        return (T) Arrays.toString(arr);
      }
      return (T) v.toString();
    }
    if (v instanceof Number n) {
      if (type == Long.class) {
        return (T) Long.valueOf(n.longValue());
      }
      if (type == Integer.class) {
        return (T) Integer.valueOf(Math.toIntExact(n.longValue()));
      }
      if (type == Short.class) {
        return (T) Short.valueOf(n.shortValue());
      }
      if (type == Double.class) {
        return (T) Double.valueOf(n.doubleValue());
      }
      if (type == java.math.BigDecimal.class) {
        return (T) new java.math.BigDecimal(n.toString());
      }
    }
    if (v instanceof String s) {
      if (type == Long.class) {
        return (T) Long.valueOf(s);
      }
      if (type == Integer.class) {
        return (T) Integer.valueOf(s);
      }
      if (type == Boolean.class) {
        return (T) Boolean.valueOf(s.equals("t") || s.equalsIgnoreCase("true") || s.equals("on"));
      }
    }
    if (v instanceof Character c && type == String.class) {
      return (T) c.toString();
    }
    throw new InvalidInputException("column \"" + column + "\" holds a " + v.getClass().getSimpleName()
        + ", which cannot be read as " + type.getSimpleName());
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
