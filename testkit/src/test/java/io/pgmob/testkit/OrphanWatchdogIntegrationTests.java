package io.pgmob.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM killed with SIGKILL (no shutdown hook runs) leaves no postmaster behind. */
class OrphanWatchdogIntegrationTests {

  @Test
  void serversOfAKilledJvmAreStoppedByTheWatchdog() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    String repo = System.getProperty("pgmob.testkit.mavenRepo");
    if (repo != null) {
      cmd.add("-Dpgmob.testkit.mavenRepo=" + repo);
    }
    cmd.add(OrphanProbe.class.getName());
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Path dataDir = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("DATADIR ")) {
          dataDir = Path.of(line.substring(8));
          break;
        }
      }
      assertThat(dataDir).as("the child started a server").isNotNull();
      assertThat(EmbeddedServerIntegrationTests.postmastersFor(List.of(dataDir))).hasSize(1);

      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!EmbeddedServerIntegrationTests.postmastersFor(List.of(dataDir)).isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(EmbeddedServerIntegrationTests.postmastersFor(List.of(dataDir)))
          .as("postmaster of the killed JVM").isEmpty();
    } finally {
      child.destroyForcibly();
    }
  }
}
