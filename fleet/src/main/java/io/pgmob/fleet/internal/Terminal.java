package io.pgmob.fleet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the process's standard error is connected to, for the progress bar: whether it is a
 * terminal (not stdout: {@code System.console()} answers for stdin and stdout, so a bar decided
 * by it is drawn into a redirected stderr and missing when only stdout is redirected), how wide
 * it is, and whether colour is wanted.
 */
public final class Terminal {

  /** Columns assumed for a terminal whose width cannot be read. */
  public static final int DEFAULT_COLUMNS = 80;

  private Terminal() {}

  /**
   * Whether file descriptor 2 is a terminal: on Linux from {@code /proc/self/fd/2}, elsewhere by
   * asking {@code sh -c '[ -t 2 ]'} with our stderr inherited; false when neither can tell.
   */
  public static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd).toString());
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }
    String answer = shell("[ -t 2 ] && echo yes");
    return "yes".equals(answer);
  }

  /** Whether {@code device} (where a file descriptor points) names a terminal device. */
  public static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.startsWith("/dev/console");
  }

  /**
   * The width to draw in on standard error: {@code COLUMNS} when set to a positive number,
   * otherwise (on a terminal) what {@code stty size} reports for it, otherwise {@value
   * #DEFAULT_COLUMNS} on a terminal and 0 (no limit) elsewhere.
   */
  public static int stderrColumns(Function<String, @Nullable String> env, boolean terminal) {
    Integer fromEnv = positive(env.apply("COLUMNS"));
    if (fromEnv != null) {
      return fromEnv;
    }
    if (!terminal) {
      return 0;
    }
    String size = shell("stty size <&2");
    if (size != null) {
      String[] parts = size.strip().split("\\s+");
      Integer cols = parts.length == 2 ? positive(parts[1]) : null;
      if (cols != null) {
        return cols;
      }
    }
    return DEFAULT_COLUMNS;
  }

  /**
   * Whether to color output on a terminal: not when {@code NO_COLOR} is set to anything but the
   * empty string (<a href="https://no-color.org">no-color.org</a>), nor when {@code TERM} is
   * {@code dumb}, nor on anything but a terminal.
   */
  public static boolean color(Function<String, @Nullable String> env, boolean terminal) {
    String noColor = env.apply("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.apply("TERM"));
  }

  private static @Nullable Integer positive(@Nullable String s) {
    if (s == null) {
      return null;
    }
    try {
      int n = io.pgmob.session.Numbers.parseInt(s.strip(), "COLUMNS");
      return n > 0 ? n : null;
    } catch (io.pgmob.error.InvalidInputException e) {
      return null;
    }
  }

  /** Runs {@code script} with {@code sh}, our stderr inherited; its stdout, or null on failure. */
  private static @Nullable String shell(String script) {
    try {
      Process p = new ProcessBuilder("sh", "-c", script)
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      p.getOutputStream().close();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readNBytes(256);
      }
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
