package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/pgmob}: without the runnable jar it says how to build it and exits 64. */
class LauncherScriptUnitTests {

  @Test
  void withoutTheJarTheLauncherSaysHowToBuildIt() throws Exception {
    Path script = Path.of("..", "bin", "pgmob").toAbsolutePath().normalize();
    assertThat(script).isRegularFile();
    assertThat(Files.isExecutable(script)).as("bin/pgmob is executable").isTrue();
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "--version").redirectErrorStream(true);
    pb.environment().put("PGMOB_JAR", "/nonexistent/pgmob-fleet-cli.jar");
    Process p = pb.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isEqualTo(64);
    assertThat(output).contains("not built yet", "./mvnw -B -pl fleet -am package -DskipTests", "PGMOB_JAR");
  }
}
