package io.pgmob.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the testkit keeps binaries and data directories: {@code pgmob.testkit.dir}, default
 * {@code <java.io.tmpdir>/pgmob-testkit}. Each JVM gets its own {@code run-<pid>} directory below
 * it, removed when the JVM exits.
 */
public final class Workspace {

  private Workspace() {}

  public static Path base() {
    String dir = System.getProperty("pgmob.testkit.dir");
    Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "pgmob-testkit");
    try {
      Files.createDirectories(base);
      makeTraversable(base);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the testkit directory " + base, e);
    }
    return base;
  }

  /** This JVM's directory for server data; short, since Unix socket paths are limited to 107 bytes. */
  public static Path run() {
    Path run = base().resolve("run-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(run);
      makeTraversable(run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + run, e);
    }
    return run;
  }

  static void makeTraversable(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      // owned by another user: fine as long as we can use it
      if (!Files.isWritable(dir)) {
        throw e;
      }
    }
  }
}
