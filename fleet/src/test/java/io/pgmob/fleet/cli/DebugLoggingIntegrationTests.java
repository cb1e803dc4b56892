package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgmob --debug} run for real (its own JVM, the shipped logging backend): the trace has the
 * connects and statements and never a password; without it, stderr has no log lines at all.
 */
@PgTest
class DebugLoggingIntegrationTests {

  @TempDir
  Path dir;

  private record Result(int exit, String out, String err) {}

  private Result java(String mainClass, String... args) throws Exception {
    return java(List.of(), mainClass, args);
  }

  private Result java(List<String> jvmArgs, String mainClass, String... args) throws Exception {
    List<String> cmd = ChildJvm.java(jvmArgs.toArray(String[]::new));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(150, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the child JVM did not finish: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void debugTracesConnectsAndStatementsAndNeverAPassword(PgServer server, Cluster admin) throws Exception {
    admin.update("DROP ROLE IF EXISTS dbg_app").block(Duration.ofSeconds(30));
    admin.update("CREATE ROLE dbg_app LOGIN").block(Duration.ofSeconds(30));
    Path inv = TestInventory.write(dir, List.of(new TestInventory.Entry("dbg", server, "postgres", Map.of())));
    String rotated = "Rotated-Plain-7f3a9c";
    Path pw = dir.resolve("new-password");
    Files.writeString(pw, rotated + "\n");

    Result debug = java(Main.class.getName(), "--debug", "fleet", "rotate-password", "-i", inv.toString(),
        "--role", "dbg_app", "--password-file", pw.toString(), "--progress", "never");

    assertThat(debug.exit()).as(debug.err()).isZero();
    assertThat(debug.err()).as(debug.err())
        .contains("[DEBUG]", "connected to", "PostgreSQL " + server.majorVersion(), "ALTER ROLE", "dbg_app")
        .doesNotContain(rotated, "SCRAM-SHA-256$", server.password())
        .doesNotContain("SLF4J");
    assertThat(debug.out()).doesNotContain(rotated, "SCRAM-SHA-256$");

    String secret = "Literal-Secret-51be0d";
    Result library = java(DebugLogChild.class.getName(), server.host(), String.valueOf(server.port()),
        server.superuser(), server.password(), "postgres", "dbg_app", secret);
    assertThat(library.exit()).as(library.err()).isZero();
    assertThat(library.err()).as(library.err())
        .contains("[DEBUG]", "connected to", "ALTER ROLE \"dbg_app\" PASSWORD '***'")
        .doesNotContain(secret, server.password());

    Result quiet = java(Main.class.getName(), "fleet", "rotate-password", "-i", inv.toString(),
        "--role", "dbg_app", "--password-file", pw.toString(), "--progress", "never");
    assertThat(quiet.exit()).as(quiet.err()).isZero();
    assertThat(quiet.err()).as(quiet.err()).doesNotContain("DEBUG", "SLF4J", "INFO");
  }

  @Test
  void everyLoggerAtDebugStillPrintsNoSecret(PgServer server, Cluster admin) throws Exception {
    // an operator who turns everything up (JAVA_OPTS) also turns up the drivers' own loggers,
    // which print each statement as sent: the CLI keeps those at INFO
    admin.update("DROP ROLE IF EXISTS dbg_all").block(Duration.ofSeconds(30));
    admin.update("CREATE ROLE dbg_all LOGIN").block(Duration.ofSeconds(30));
    Path inv = TestInventory.write(dir, List.of(new TestInventory.Entry("dbg", server, "postgres", Map.of())));
    String rotated = "Rotated-Plain-0c41d2";
    Path pw = dir.resolve("all-password");
    Files.writeString(pw, rotated + "\n");

    Result all = java(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"), Main.class.getName(), "--debug",
        "fleet", "rotate-password", "-i", inv.toString(), "--role", "dbg_all", "--password-file", pw.toString(),
        "--progress", "never");

    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(all.err()).as(all.err())
        .contains("[DEBUG]", "ALTER ROLE")
        .doesNotContain(rotated, "SCRAM-SHA-256$", server.password());
  }
}
