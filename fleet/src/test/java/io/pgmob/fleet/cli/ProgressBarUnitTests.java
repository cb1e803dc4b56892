package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.fleet.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarUnitTests {

  @Test
  void lineShowsDoneFailedInFlightRateAndEta() {
    StringWriter sink = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(sink), false, 4, () -> 2);
    bar.count(Outcome.SUCCEEDED);
    bar.count(Outcome.FAILED);
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
    ProgressBar bar = new ProgressBar(new PrintWriter(sink), true, 2, () -> 0);
    bar.label("wave 1");
    bar.count(Outcome.UNCHANGED);
    bar.count(Outcome.SKIPPED);
    bar.close();
    String out = sink.toString();
    assertThat(out).startsWith("\rwave 1 [").endsWith("\n").contains("2/2  ok 0  unchanged 1  failed 0  skipped 1")
        .doesNotContain("eta");
  }
}
