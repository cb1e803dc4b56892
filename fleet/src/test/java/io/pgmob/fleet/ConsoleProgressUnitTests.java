package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.fleet.internal.Terminal;
import io.pgmob.fleet.inventory.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleProgressUnitTests {

  private static ClusterResult<Object> result(Outcome o) {
    Target t = Target.builder("c").host("h").user("u").build();
    return new ClusterResult<>(t, o, null, null, null, 1,
        new Timings(Instant.EPOCH, Instant.EPOCH, Duration.ZERO, Duration.ZERO), null);
  }

  /** The command-line tool's settings, as {@code CommonOptions.progress} makes them. */
  private static ConsoleProgress.Builder cli(StringWriter sink, boolean enabled) {
    return ConsoleProgress.builder(new PrintWriter(sink))
        .mode(enabled ? ConsoleProgress.Mode.IN_PLACE : ConsoleProgress.Mode.OFF).barWidth(28).elapsed(true);
  }

  @Test
  void lineShowsDoneFailedInFlightRateAndEta() {
    StringWriter sink = new StringWriter();
    ConsoleProgress bar = cli(sink, false).total(4).inFlight(() -> 2).build();
    bar.finished(result(Outcome.SUCCEEDED));
    bar.finished(result(Outcome.FAILED));
    String line = bar.line();
    assertThat(line).startsWith("[" + "#".repeat(14) + ".".repeat(14) + "] 2/4")
        .contains("ok 1  unchanged 0  failed 1  skipped 0  in flight 2")
        .containsPattern("\\d+\\.\\d/s")
        .contains("eta ");
    bar.close();
    assertThat(sink.toString()).as("disabled: draws nothing").isEmpty();
  }

  @Test
  void enabledBarRedrawsInPlaceAndEndsItsLineOnClose() {
    StringWriter sink = new StringWriter();
    ConsoleProgress bar = cli(sink, true).total(2).inFlight(() -> 0).build();
    bar.phase("wave 1");
    bar.finished(result(Outcome.UNCHANGED));
    bar.finished(result(Outcome.SKIPPED));
    bar.close();
    String out = sink.toString();
    assertThat(out).startsWith("\rwave 1 [").endsWith("\n").contains("2/2  ok 0  unchanged 1  failed 0  skipped 1")
        .doesNotContain("eta");
  }

  @Test
  void aLineNeverReachesTheLastColumnOfTheTerminal() {
    AtomicLong now = new AtomicLong();
    for (int columns : new int[] {20, 40, 60, 80, 100, 132}) {
      StringWriter sink = new StringWriter();
      ConsoleProgress bar = cli(sink, true).columns(columns).clock(now::get).total(1000).inFlight(() -> 64).build();
      bar.started("env=prod,region=eu-west-1,tier=database", 0);
      bar.phase("canary");
      now.addAndGet(1_000_000_000L);
      for (int i = 0; i < 512; i++) {
        bar.finished(result(i % 50 == 0 ? Outcome.FAILED : Outcome.SUCCEEDED));
      }
      bar.close();
      for (String frame : sink.toString().split("[\r\n]")) {
        assertThat(frame.length()).as("%d columns: '%s'", columns, frame).isLessThan(columns);
      }
      if (columns >= 40) {
        assertThat(bar.line()).as("%d columns", columns).contains("512/1000", "failed 11");
      }
    }
    StringWriter sink = new StringWriter();
    ConsoleProgress wide = cli(sink, true).columns(200).clock(now::get).total(1000).inFlight(() -> 64).build();
    wide.started("env=prod", 0);
    assertThat(wide.line()).as("room for everything").contains("in flight 64", "/s", "env=prod", "unchanged 0")
        .hasSizeLessThan(199);
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Terminal.color(Map.<String, String>of()::get, true)).isTrue();
    assertThat(Terminal.color(Map.of("NO_COLOR", "1")::get, true)).isFalse();
    assertThat(Terminal.color(Map.of("NO_COLOR", "")::get, true)).as("empty NO_COLOR does not count").isTrue();
    assertThat(Terminal.color(Map.of("TERM", "dumb")::get, true)).isFalse();
    assertThat(Terminal.color(Map.<String, String>of()::get, false)).isFalse();

    StringWriter colored = new StringWriter();
    ConsoleProgress bar = cli(colored, true).color(true).total(2).build();
    bar.finished(result(Outcome.FAILED));
    bar.close();
    assertThat(colored.toString()).contains("\u001b[31mfailed 1\u001b[0m", "\u001b[32m");
    assertThat(bar.line()).doesNotContain("\u001b");

    StringWriter plain = new StringWriter();
    ConsoleProgress noColor = cli(plain, true).color(false).total(2).build();
    noColor.finished(result(Outcome.FAILED));
    noColor.close();
    assertThat(plain.toString()).contains("failed 1").doesNotContain("\u001b");
  }

  @Test
  void theToolDrawsNothingWhenStderrIsNotATerminal() {
    assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Terminal.isTerminalDevice("pipe:[48121]")).isFalse();
    assertThat(Terminal.isTerminalDevice("/tmp/err.log")).isFalse();
    assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    // the build runs us with stderr into a pipe or a file, as a redirected tool would be
    assertThat(Terminal.stderrIsTerminal()).isFalse();
    assertThat(Terminal.stderrColumns(Map.<String, String>of()::get, false)).as("no limit off a terminal").isZero();
    assertThat(Terminal.stderrColumns(Map.of("COLUMNS", "72")::get, false)).isEqualTo(72);
    assertThat(Terminal.stderrColumns(Map.of("COLUMNS", "wide")::get, true)).isPositive();

  }

  /**
   * The tool decides by stderr, not stdout: run a JVM on a pseudo-terminal ({@code script}) with
   * one of the two redirected to a file, and ask it.
   */
  @Test
  void theToolDrawsOnStderrOnlyWhenStderrIsTheTerminal(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("redirected");
    String java = Path.of(System.getProperty("java.home"), "bin", "java") + " -Xshare:auto -XX:TieredStopAtLevel=1 -cp '"
        + System.getProperty("java.class.path") + "' " + TerminalProbe.class.getName();
    // stdout on the terminal, stderr into a file: no bar (it would be frames in the file)
    String out = script(java + " 2>'" + file + "'", dir);
    assertThat(out).as(out).contains("stderr terminal: false");
    // stderr on the terminal, stdout into a file: the bar is drawn
    script(java + " >'" + file + "'", dir);
    assertThat(Files.readString(file)).contains("stderr terminal: true");
  }

  private static String script(String command, Path dir) throws Exception {
    Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).as("script ended").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
