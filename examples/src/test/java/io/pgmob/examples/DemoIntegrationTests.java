package io.pgmob.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the demo end to end on a fleet of two clusters. */
class DemoIntegrationTests {

  private static String run(int expectedCode, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = Demo.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isEqualTo(expectedCode);
    return out;
  }

  @Test
  void demoRotatesThePasswordOnEveryClusterReportsAndStopsThem() {
    String out = run(0, "--clusters", "2", "--role", "demo_app");

    assertThat(out)
        .contains("Set-up: role demo_app with an old password on 2 clusters")
        .contains("Rollout rotate-demo_app: 2 clusters in 2 waves")
        .contains("wave 0 (canary), 1 cluster: #")
        .contains("rollout rotate-demo_app: COMPLETED")
        .contains("2 clusters: 2 succeeded, 0 unchanged, 0 failed, 0 skipped")
        .contains("pgmob.fleet.operations{outcome=succeeded}  count=2")
        .contains("pgmob.fleet.connections (open now)  0")
        .contains("Stopped every cluster");
  }

  @Test
  void badOptionsExitWithCodeTwoBeforeStartingAnything() {
    assertThat(run(2, "--clusters", "0")).contains("--clusters takes a number from 1 to 200, got 0")
        .doesNotContain("Starting");
    assertThat(run(2, "--verbose")).contains("unknown option or missing value: --verbose");
    assertThat(run(2, "--role", "")).contains("role name");
  }
}
