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
