package io.pgmob.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark end to end in {@code --quick} mode so that it cannot rot. Correctness only:
 * every rollout is checked by logging in with the new password, every pipeline answer is checked;
 * no timing is asserted (timings belong to a quiet machine, see docs/benchmark.md).
 */
class FleetBenchmarkIntegrationTests {

  @Test
  void quickRunRollsOutToEveryClusterAndAnswersEveryRound() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FleetBenchmark.Result result;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      result = FleetBenchmark.run(Options.parse(new String[] {"--quick", "--no-fork"}), out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.loginsExpected()).as(printed).isPositive();
    assertThat(result.loginsChecked()).as(printed).isEqualTo(result.loginsExpected());
    assertThat(result.roundsChecked()).as(printed).isPositive();
    assertThat(printed)
        .contains("Scenario A, one-shot rollout")
        .contains("Scenario B, steady-state pipeline")
        .contains("floor: same work, connections open")
        .contains("through the proxy process");
    assertThat(result.verdicts()).as(printed).isNotEmpty();
    assertThat(result.markdown()).contains("| alternative |");
  }

  @Test
  void optionsKeepTheIssueSizesAsDefaults() {
    Options o = Options.parse(new String[0]);
    assertThat(o.clustersA).isEqualTo(200);
    assertThat(o.targetsB).isEqualTo(1000);
    assertThat(o.latenciesA).containsExactly(5, 50);
    assertThat(o.latenciesB).containsExactly(50);
    assertThat(o.repeats).isGreaterThanOrEqualTo(5);
    assertThat(o.warmups).isPositive();
  }
}
