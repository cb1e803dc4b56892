package io.pgmob.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs helper commands, as the unprivileged server OS user when the JVM is root. */
final class Processes {

  private Processes() {}

  /** The result of a finished command. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code command} as the server OS user and waits up to {@code timeoutSeconds}. */
  static Result runAsServerUser(List<String> command, long timeoutSeconds) {
    return run(OsUser.current().wrap(command), timeoutSeconds);
  }

  /** Runs {@code command} and waits up to {@code timeoutSeconds}, returning exit code and output. */
  static Result run(List<String> command, long timeoutSeconds) {
    Path out = null;
    try {
      out = Files.createTempFile("pgmob-embedded-cmd", ".out");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "command did not finish within " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /** Runs and throws with the command's output when it exits non-zero. */
  static String check(List<String> command, long timeoutSeconds, String what) {
    Result r = runAsServerUser(command, timeoutSeconds);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          what + " failed (exit " + r.exitCode() + "): " + String.join(" ", command) + "\n" + r.output());
    }
    return r.output();
  }

  static List<String> list(String... parts) {
    return new ArrayList<>(List.of(parts));
  }
}
