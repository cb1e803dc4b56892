package io.pgmob.managed;

import io.pgmob.session.PgVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Catalog queries kept as SQL resource files next to the code that uses them, with per-version
 * variants: for {@code io/pgmob/role/get_roles.sql} on PostgreSQL 16 the first of {@code
 * get_roles_16.sql}, {@code get_roles_15.sql}, ... down to {@code get_roles_10.sql}, then {@code
 * get_roles.sql}, that exists is used.
 */
public final class CatalogQueries {

  private static final ConcurrentMap<String, String> CACHE = new ConcurrentHashMap<>();

  private CatalogQueries() {}

  /** The query {@code resource} (a class-path path without {@code .sql}) for {@code version}. */
  public static String get(String resource, PgVersion version) {
    return CACHE.computeIfAbsent(resource + "@" + version.major(), k -> load(resource, version.major()));
  }

  /**
   * {@code query} with each {@code $n} bind marker replaced by {@code values[n-1]} as a literal,
   * so that it can ride a flight of several statements in one simple-query message ({@link
   * io.pgmob.session.SqlSession#executeFlight}), which takes no parameters. A value is a {@code
   * String} (a quoted literal), a {@code String[]} (an array literal), a {@code Number} or null
   * ({@code NULL}). Markers inside comments and quoted text are left alone.
   *
   * @param query SQL with {@code $1}, {@code $2} ... bind markers
   * @param values the value of each marker, in order
   * @return the SQL with the values written in
   * @throws IllegalArgumentException for a marker without a value or a value of another type
   */
  public static io.pgmob.sql.Sql inline(String query, Object... values) {
    StringBuilder out = new StringBuilder(query.length() + 32);
    int n = query.length();
    int i = 0;
    while (i < n) {
      char c = query.charAt(i);
      if (c == '-' && i + 1 < n && query.charAt(i + 1) == '-') {
        int nl = query.indexOf('\n', i);
        int end = nl < 0 ? n : nl;
        out.append(query, i, end);
        i = end;
      } else if (c == '\'' || c == '"') {
        int end = query.indexOf(c, i + 1);
        while (end >= 0 && end + 1 < n && query.charAt(end + 1) == c) {
          end = query.indexOf(c, end + 2);
        }
        end = end < 0 ? n : end + 1;
        out.append(query, i, end);
        i = end;
      } else if (c == '$' && i + 1 < n && Character.isDigit(query.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && Character.isDigit(query.charAt(j))) {
          j++;
        }
        int index = Integer.parseInt(query.substring(i + 1, j)) - 1;
        if (index >= values.length) {
          throw new IllegalArgumentException("no value for $" + (index + 1));
        }
        literal(values[index], out);
        i = j;
      } else {
        out.append(c);
        i++;
      }
    }
    return io.pgmob.sql.Sql.raw(out.toString());
  }

  private static void literal(Object v, StringBuilder out) {
    if (v == null) {
      out.append("NULL");
    } else if (v instanceof String s) {
      out.append(io.pgmob.sql.Literal.of(s).text());
    } else if (v instanceof Number num) {
      out.append(num);
    } else if (v instanceof String[] arr) {
      out.append("ARRAY[");
      for (int k = 0; k < arr.length; k++) {
        out.append(k == 0 ? "" : ", ").append(io.pgmob.sql.Literal.of(arr[k]).text());
      }
      out.append("]::text[]");
    } else {
      throw new IllegalArgumentException("cannot inline a " + v.getClass().getName());
    }
  }

  private static String load(String resource, int major) {
    for (int v = major; v >= 10; v--) {
      String text = read(resource + "_" + v + ".sql");
      if (text != null) {
        return text;
      }
    }
    String text = read(resource + ".sql");
    if (text == null) {
      throw new IllegalStateException("missing catalog query resource " + resource + ".sql");
    }
    return text;
  }

  private static String read(String path) {
    try (InputStream in = CatalogQueries.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
