package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.fleet.rollout.RolloutJournal;
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

/** Ctrl-C on a real {@code pgmob} process (SIGINT): one line, exit 130, clusters in flight journaled as cancelled. */
@PgTest
class InterruptIntegrationTests {

  @TempDir
  Path dir;

  @Test
  void sigintDuringARolloutExits130WithOneLineAndJournalsTheClustersInFlightAsCancelled(PgServer server, Cluster admin)
      throws Exception {
    List<TestInventory.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      admin.update("DROP DATABASE IF EXISTS clii_" + i + " WITH (FORCE)").block(Duration.ofSeconds(30));
      admin.update("CREATE DATABASE clii_" + i).block(Duration.ofSeconds(30));
      entries.add(new TestInventory.Entry("clii_" + i, server, "clii_" + i, Map.of("env", "test")));
    }
    Path inventory = TestInventory.write(dir, entries);
    Path journal = dir.resolve("sleep.journal");
    Path err = dir.resolve("err.txt");
    List<String> command = new ArrayList<>();
    // a process started in the background by a shell without job control inherits SIGINT ignored, and
    // then a JVM keeps ignoring it (a terminal's Ctrl-C never is): give the child the default disposition
    if (new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0) {
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.addAll(ChildJvm.java("-XX:TieredStopAtLevel=1"));
    command.addAll(List.of(Main.class.getName(),
        "fleet", "rollout", "-i", inventory.toString(), "--sql", "SELECT pg_sleep(120)", "--journal", journal.toString(),
        "--progress", "never"));
    Process child = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
    try {
      // both clusters are in flight: their "started" records are on disk and their statements run
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (RolloutJournal.read(journal).interrupted().size() < 2 || running(admin) < 2) {
        assertThat(child.isAlive()).as("child alive; stderr: %s", read(err)).isTrue();
        assertThat(System.nanoTime()).as("both clusters in flight within 2 minutes").isLessThan(deadline);
        Thread.sleep(50);
      }
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
      assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
      if (!child.waitFor(2, TimeUnit.MINUTES)) {
        // keep what the process was doing for the failure message
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(child.pid()), "Thread.print").redirectErrorStream(true).start();
        String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        throw new AssertionError("the process did not end within 2 minutes of SIGINT; stderr:\n" + read(err)
            + "\nthreads:\n" + threads);
      }
    } finally {
      child.destroyForcibly();
    }
    String stderr = read(err);
    assertThat(child.exitValue()).as(stderr).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(stderr.lines().filter(l -> !l.isBlank()).toList()).as(stderr).singleElement()
        .satisfies(l -> assertThat(l).startsWith("pgmob: interrupted").doesNotContain("Exception"));
    RolloutJournal.State state = RolloutJournal.read(journal);
    assertThat(state.interrupted()).containsExactlyInAnyOrder("clii_0", "clii_1");
    assertThat(RolloutJournal.lines(journal)).filteredOn(l -> l.contains("\"type\":\"cancelled\"")).hasSize(2);
    assertThat(RolloutJournal.lines(journal)).noneMatch(l -> l.contains("\"type\":\"finished\""));
    // the statements were cancelled on the server
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (running(admin) > 0) {
      assertThat(System.nanoTime()).as("statements gone within a minute").isLessThan(deadline);
      Thread.sleep(50);
    }
    for (int i = 0; i < 2; i++) {
      admin.update("DROP DATABASE IF EXISTS clii_" + i + " WITH (FORCE)").block(Duration.ofSeconds(30));
    }
  }

  private static long running(Cluster admin) {
    return admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'clii_%' AND query = 'SELECT pg_sleep(120)'"
        + " AND state = 'active'", Long.class).block(Duration.ofSeconds(30));
  }

  private static String read(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }
}
