package io.pgmob.backup;

/**
 * What a backup or restore works on, as its hooks see it.
 *
 * @param database the database dumped or restored into
 * @param path the full path or URL of the archive (base path applied)
 * @param fileName the last part of {@code path}
 */
public record Target(String database, String path, String fileName) {

  static Target of(String database, String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return new Target(database, path, p.substring(p.lastIndexOf('/') + 1));
  }
}
