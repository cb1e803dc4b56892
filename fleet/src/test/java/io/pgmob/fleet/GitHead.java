package io.pgmob.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit checked out in this source tree, asked of git, to compare with what the build recorded. */
public final class GitHead {

  private GitHead() {}

  /** {@code git rev-parse HEAD} in the module directory. */
  public static String commit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(Path.of("").toAbsolutePath().toFile())
          .redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("git rev-parse HEAD did not answer in 30 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) {
        throw new IllegalStateException("git rev-parse HEAD failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run git: the build-info tests need a git checkout and the git command", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
