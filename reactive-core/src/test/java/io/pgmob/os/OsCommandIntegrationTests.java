package io.pgmob.os;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InsufficientPrivilegeException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@PgTest
class OsCommandIntegrationTests {

  @Test
  void returnsExitCodeAndCombinedOutputInOrder(Cluster cluster) {
    CommandLine cmd = CommandLine.of("sh", "-c", "echo out; echo err >&2; printf 'tab\\there back\\\\slash\\n'; exit 3");
    CommandResult r = cluster.runOsCommand(cmd, false).block(TIMEOUT);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.output()).isEqualTo("out\nerr\ntab\there back\\slash\n");

    assertThatThrownBy(() -> cluster.runOsCommand(cmd).block(TIMEOUT))
        .isInstanceOfSatisfying(OsCommandFailedException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(3);
          assertThat(e.output()).contains("err");
          assertThat(e.getMessage()).contains("status 3").contains("out");
        });
    assertThat(cluster.runOsCommand("id", "-un").block(TIMEOUT).output()).isEqualTo("postgres\n");
    // several commands in one caller's transaction
    assertThat(cluster.inTransaction(tx -> tx.runOsCommand("echo", "1").concatWith(tx.runOsCommand("echo", "2")))
        .map(CommandResult::output).collectList().block(TIMEOUT)).containsExactly("1\n", "2\n");
    assertThatThrownBy(() -> cluster.runOsCommand("echo", "x".repeat(200_000)).block(TIMEOUT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("128 KiB");
  }

  @Test
  void hostileArgumentsArriveAsExactlyOneArgumentEachAndNothingRuns(Cluster cluster) throws Exception {
    Path dir = Files.createTempDirectory("pgmob-canary");
    Path canary = dir.resolve("canary");
    String c = canary.toString();
    List<String> hostile = List.of(
        "with space", "it's", "'; touch " + c + "; '", "$(touch " + c + ")", "`touch " + c + "`",
        "; touch " + c, "a\ntouch " + c, "-n", "--help", "\"dq $HOME\"", "$$ $1 ${x:-y}", "back\\slash\\",
        "tab\there", "| touch " + c, "&& touch " + c, "> " + c, "*", "~", "", "ünïcødé ✓", "$'\\x41'");
    List<String> args = new ArrayList<>(List.of("%s\n"));
    args.addAll(hostile);
    CommandResult r = cluster.runOsCommand("printf", args.toArray(String[]::new)).block(TIMEOUT);
    assertThat(r.output()).isEqualTo(String.join("\n", hostile) + "\n");
    assertThat(canary).doesNotExist();

    // the same through pipes and redirections: a path full of shell syntax is one file
    // (no slash in a file name: the canary is relative to the server's working directory)
    Path odd = dir.resolve("it's $(touch canary) `touch canary`; a\nb");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    cluster.runOsCommand(CommandLine.of("printf", "%s", "x y").pipe(CommandLine.of("cat")).writeTo(odd.toString())).block(TIMEOUT);
    assertThat(Files.readString(odd)).isEqualTo("x y");
    assertThat(cluster.runOsCommand(CommandLine.of("cat").readFrom(odd.toString())).block(TIMEOUT).output()).isEqualTo("x y");
    assertThat(canary).doesNotExist();
    assertThat(cluster.runOsCommand(CommandLine.of("test", "-e", "canary"), false).block(TIMEOUT).exitCode()).isEqualTo(1);
    cluster.runOsCommand("rm", "-f", "--", odd.toString()).block(TIMEOUT);
    Files.delete(dir);
  }

  @Test
  void aRoleWithoutTheProgramPrivilegeGetsAClearError(PgServer server, Cluster cluster) {
    String role = "os_" + UUID.randomUUID().toString().substring(0, 8);
    cluster.update(Sql.format("CREATE ROLE {} LOGIN PASSWORD {}", Identifier.of(role), Literal.secret("pw-" + role)))
        .block(TIMEOUT);
    try {
      Cluster plain = Cluster.connect(TestClusters.spec(server).withUser(role, "pw-" + role)).block(TIMEOUT);
      try {
        assertThatThrownBy(() -> plain.runOsCommand("true").block(TIMEOUT))
            .isInstanceOf(InsufficientPrivilegeException.class)
            .hasMessageContaining("pg_execute_server_program")
            .hasMessageContaining(role);
      } finally {
        plain.close().block(TIMEOUT);
      }
    } finally {
      cluster.update(Sql.format("DROP ROLE {}", Identifier.of(role))).block(TIMEOUT);
    }
  }

  @Test
  void aCheckedPipeFailsWhenEitherSideFails(Cluster cluster) {
    CommandLine ok = CommandLine.of("printf", "a\tb\n").pipeChecked(CommandLine.of("cat"));
    assertThat(cluster.runOsCommand(ok).block(TIMEOUT).output()).isEqualTo("a\tb\n");
    CommandLine leftFails = CommandLine.of("sh", "-c", "echo partial; exit 3").pipeChecked(CommandLine.of("cat"));
    CommandResult r = cluster.runOsCommand(leftFails, false).block(TIMEOUT);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.output()).isEqualTo("partial\n");
    assertThat(cluster.runOsCommand(CommandLine.of("sh", "-c", "exit 3").pipe(CommandLine.of("cat")), false)
        .block(TIMEOUT).exitCode()).isZero(); // why the checked pipe exists
    CommandLine rightFails = CommandLine.of("echo", "x").pipeChecked(CommandLine.of("sh", "-c", "cat >/dev/null; exit 4"));
    assertThat(cluster.runOsCommand(rightFails, false).block(TIMEOUT).exitCode()).isEqualTo(4);
  }
}
