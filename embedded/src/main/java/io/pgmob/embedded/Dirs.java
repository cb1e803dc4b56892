package io.pgmob.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory helpers. */
final class Dirs {

  private Dirs() {}

  /** Lets other users (the server user) pass through {@code dir}; fine to fail on another's directory we can use. */
  static void makeTraversable(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      if (!Files.isWritable(dir)) {
        throw e;
      }
    }
  }

  /** Deletes a directory tree, ignoring what is already gone. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: what is left is reported by the caller's checks, not here
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
