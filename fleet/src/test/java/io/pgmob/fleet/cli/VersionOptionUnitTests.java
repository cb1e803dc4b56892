package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.fleet.GitHead;
import org.junit.jupiter.api.Test;

/** {@code pgmob --version}: what the build recorded, not a hard-coded text. */
class VersionOptionUnitTests {

  @Test
  void versionShowsTheVersionTheCommitOfHeadAndTheBuildTime() {
    CliRun run = CliRun.run("--version");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).as(run.toString())
        .containsPattern("(?m)^pgmob \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?$")
        .contains("commit " + GitHead.commit())
        .containsPattern("(?m)^built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$")
        .contains("Java " + System.getProperty("java.version"))
        .doesNotContain("development build", "unknown");
  }
}
