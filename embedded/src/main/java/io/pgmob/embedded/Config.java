package io.pgmob.embedded;

import org.jspecify.annotations.Nullable;

/** System properties and environment variables, each with the older testkit name as a fallback. */
final class Config {

  private Config() {}

  /** {@code pgmob.embedded.<key>}, else {@code pgmob.testkit.<key>}, else the first environment variable set, else null. */
  static @Nullable String get(String key, String... envs) {
    for (String name : new String[] {"pgmob.embedded." + key, "pgmob.testkit." + key}) {
      String v = System.getProperty(name);
      // "${...}" is an unfiltered Maven placeholder: treat as absent
      if (v != null && !v.isBlank() && !v.startsWith("${")) {
        return v.trim();
      }
    }
    for (String env : envs) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
