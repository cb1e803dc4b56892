package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.password.Password;
import io.pgmob.password.PasswordMatch;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal belongs to one operation and its inputs: {@code pgmob fleet rotate-password} twice, on a real server. */
@PgTest
class RolloutJournalCommandIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private static PasswordMatch matches(Cluster admin, String role, String password) {
    String stored = admin.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = $1", String.class, role).block(WAIT);
    return Password.plain(password).compareWithStored(stored, role);
  }

  @Test
  void aSecondRotationWithAnotherPasswordIsRefusedNotTakenAsDoneAndRunsWithNewJournal(PgServer server, Cluster admin)
      throws Exception {
    List<TestInventory.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 1; i++) {
      admin.update("DROP DATABASE IF EXISTS clij_" + i).block(WAIT);
      admin.update("CREATE DATABASE clij_" + i).block(WAIT);
      entries.add(new TestInventory.Entry("clij_" + i, server, "clij_" + i, Map.of("env", "test")));
    }
    String inv = TestInventory.write(dir, entries).toString();
    admin.update("DROP ROLE IF EXISTS clij_app").block(WAIT);
    admin.update("CREATE ROLE clij_app LOGIN").block(WAIT);
    Path first = dir.resolve("first.pw");
    Files.writeString(first, "first-Pw-1\n");
    Path second = dir.resolve("second.pw");
    Files.writeString(second, "second-Pw-2\n");
    String journal = dir.resolve("rotate.journal").toString();

    CliRun one = CliRun.run("fleet", "rotate-password", "-i", inv, "--role", "clij_app", "--password-file",
        first.toString(), "--journal", journal);
    assertThat(one.exitCode()).as(one.toString()).isZero();
    assertThat(matches(admin, "clij_app", "first-Pw-1")).isEqualTo(PasswordMatch.MATCHES);
    assertThat(Files.readString(Path.of(journal))).doesNotContain("first-Pw-1");

    // (one database: ALTER ROLE of one role from two sessions at once fails "tuple concurrently updated")
    // the same command with another password: refused, nothing "done before"
    CliRun two = CliRun.run("fleet", "rotate-password", "-i", inv, "--role", "clij_app", "--password-file",
        second.toString(), "--journal", journal);
    assertThat(two.exitCode()).as(two.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(two.err()).contains("was written by another operation", "rotate the password of role clij_app",
        "different inputs", "--new-journal").doesNotContain("second-Pw-2");
    assertThat(two.out()).doesNotContain("done before");
    assertThat(matches(admin, "clij_app", "first-Pw-1")).isEqualTo(PasswordMatch.MATCHES);

    // on request, a new journal: it runs, the old journal is kept
    CliRun fresh = CliRun.run("fleet", "rotate-password", "-i", inv, "--role", "clij_app", "--password-file",
        second.toString(), "--journal", journal, "--new-journal");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(fresh.out()).doesNotContain("done before");
    assertThat(matches(admin, "clij_app", "second-Pw-2")).isEqualTo(PasswordMatch.MATCHES);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("rotate.journal.replaced-"));
    }

    // and the same rotation again resumes its own journal
    CliRun again = CliRun.run("fleet", "rotate-password", "-i", inv, "--role", "clij_app", "--password-file",
        second.toString(), "--journal", journal);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("1 done before (journal)");

    CliRun noJournal = CliRun.run("fleet", "rotate-password", "-i", inv, "--role", "clij_app", "--password-file",
        second.toString(), "--new-journal");
    assertThat(noJournal.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noJournal.err()).contains("--new-journal needs --journal");

    admin.update("DROP ROLE clij_app").block(WAIT);
    for (int i = 0; i < 1; i++) {
      admin.update("DROP DATABASE IF EXISTS clij_" + i + " WITH (FORCE)").block(WAIT);
    }
  }
}
