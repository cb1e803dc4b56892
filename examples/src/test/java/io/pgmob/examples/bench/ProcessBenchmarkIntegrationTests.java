package io.pgmob.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole-process benchmark end to end in {@code --small} mode so that the harness cannot
 * rot: every alternative (the CLI jar on both transports, the plain Vert.x and r2dbc programs, the
 * held-session programs) runs as its own process and every rotation is checked by logging in with
 * the new password. No timing is asserted.
 */
class ProcessBenchmarkIntegrationTests {

  @Test
  void smallRunCompletesAndVerifiesEveryAlternative() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProcessBenchmark.Result result;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = ProcessBenchmark.run(ProcessBenchmark.Options.parse("--small"), out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.runs()).as(printed).extracting(ProcessBenchmark.Run::alternative)
        .containsExactlyInAnyOrder("cli", "cli-vertx", "vertx", "r2dbc");
    for (ProcessBenchmark.Run r : result.runs()) {
      assertThat(r.measured().exitCode()).as(r.alternative() + "\n" + printed).isZero();
      assertThat(r.verified()).as(r.alternative()).isEqualTo(r.expected()).isPositive();
      assertThat(r.connections()).as(r.alternative() + " connected through the proxies").isPositive();
      assertThat(r.measured().cpuS()).as(r.alternative() + " CPU was measured").isPositive();
    }
    assertThat(result.held()).as(printed).extracting(ProcessBenchmark.Held::alternative)
        .containsExactly("fleet", "fleet-cli-jvm", "fleet-vertx", "vertx");
    for (ProcessBenchmark.Held h : result.held()) {
      assertThat(h.roundMs()).as(h.alternative()).isPositive();
      assertThat(h.rssKb()).as(h.alternative() + " memory was read while the sessions were held").isPositive();
    }
    assertThat(result.markdown()).contains("#### Rotation").contains("#### Held sessions");
  }
}
