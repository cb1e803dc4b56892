package io.pgmob.fleet.cli;

import io.pgmob.testkit.PgServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes inventory files for tests: passwords go by reference into 0600 files (env vars cannot be set in-process). */
public final class TestInventory {

  /** One target: a database on a server, with labels. */
  public record Entry(String name, PgServer server, String database, Map<String, String> labels) {}

  private TestInventory() {}

  /** Writes {@code entries} as a YAML inventory in {@code dir} and returns its path. */
  public static Path write(Path dir, List<Entry> entries) throws IOException {
    StringBuilder sb = new StringBuilder("defaults: {sslmode: disable, connect_timeout: 10}\ntargets:\n");
    int i = 0;
    for (Entry e : entries) {
      Path pw = dir.resolve("pw-" + (i++));
      Files.writeString(pw, e.server().password() + "\n");
      Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
      List<String> labels = new ArrayList<>();
      e.labels().forEach((k, v) -> labels.add(k + ": " + v));
      sb.append("  - {name: ").append(e.name()).append(", host: ").append(e.server().host())
          .append(", port: ").append(e.server().port()).append(", database: ").append(e.database())
          .append(", user: ").append(e.server().superuser()).append(", password: 'file:").append(pw)
          .append("', labels: {").append(String.join(", ", labels)).append("}}\n");
    }
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, sb.toString());
    return file;
  }
}
