package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.embedded.EmbeddedCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pgmob sandbox}: detached clusters found again from the directory, and its refusals. */
class SandboxCommandIntegrationTests {

  private Path dir;

  @BeforeEach
  void makeDir() throws Exception {
    Path parent = Files.createTempDirectory("pgmob-sbx-");
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    dir = parent.resolve("s");
  }

  @AfterEach
  void down() throws Exception {
    CliRun.run("sandbox", "down", "--dir", dir.toString());
    Files.deleteIfExists(dir.getParent());
  }

  @Test
  void upWritesAnInventoryWithoutThePasswordStatusFindsTheClustersAndDownLeavesNothing() throws Exception {
    CliRun up = CliRun.run("sandbox", "up", "2", "--versions", "15,17", "--dir", dir.toString());
    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.out()).contains("Sandbox up: 2 clusters").contains("bin/pgmob sandbox down --dir " + dir);

    String password = Files.readString(dir.resolve("superuser.password")).trim();
    assertThat(password).hasSizeGreaterThanOrEqualTo(24);
    assertThat(Files.getPosixFilePermissions(dir.resolve("superuser.password")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String inventory = Files.readString(dir.resolve("fleet.yaml"));
    assertThat(inventory).doesNotContain(password).contains("file:" + dir.resolve("superuser.password"))
        .contains("version: '15'").contains("version: '17'").contains("env: 'prod'");
    assertThat(up.out() + up.err()).doesNotContain(password);

    CliRun status = CliRun.run("sandbox", "status", "--dir", dir.toString());
    assertThat(status.exitCode()).as(status.toString()).isZero();
    Matcher pids = Pattern.compile("(?m)^  (eu|us)-1\\s+(\\d+)\\s+\\d+\\s+(15|17)\\s+up").matcher(status.out());
    assertThat(pids.find()).as(status.out()).isTrue();
    long pid = Long.parseLong(pids.group(2));

    CliRun query = CliRun.run(Map.of("PGMOB_INVENTORY", dir.resolve("fleet.yaml").toString()),
        "fleet", "query", "-s", "version=17", "-o", "csv", "SELECT current_setting('server_version_num')::int / 10000");
    assertThat(query.exitCode()).as(query.toString()).isZero();
    assertThat(query.out()).contains("us-1,17");

    CliRun env = CliRun.run("sandbox", "env", "--dir", dir.toString());
    assertThat(env.out().trim()).isEqualTo("export PGMOB_INVENTORY='" + dir.resolve("fleet.yaml") + "'");

    CliRun again = CliRun.run("sandbox", "up", "--dir", dir.toString());
    assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("a sandbox is already up in " + dir + " (2 of 2 clusters running)");

    CliRun down = CliRun.run("sandbox", "down", "--dir", dir.toString());
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.out()).contains("Sandbox down: 2 clusters stopped");
    assertThat(EmbeddedCluster.isAlive(pid)).isFalse();
    assertThat(dir).doesNotExist();
    assertThat(ReadmeCliIntegrationTests.processesMentioning(dir.toString())).isEmpty();

    CliRun none = CliRun.run("sandbox", "down", "--dir", dir.toString());
    assertThat(none.exitCode()).isZero();
    assertThat(none.err()).contains("no sandbox in " + dir + ": nothing to stop");
    CliRun noStatus = CliRun.run("sandbox", "status", "--dir", dir.toString());
    assertThat(noStatus.exitCode()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
    assertThat(noStatus.err()).contains("no sandbox in " + dir).contains("pgmob sandbox up 3");
  }

  @Test
  void aTakenPortIsRefusedBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun up = CliRun.run("sandbox", "up", "1", "--port", String.valueOf(taken.getLocalPort()), "--dir", dir.toString());
      assertThat(up.exitCode()).as(up.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(up.err()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is taken (wanted for eu-1)");
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void anUnsupportedVersionAndMissingBinariesAreNamed() throws Exception {
    CliRun old = CliRun.run("sandbox", "up", "1", "--versions", "12", "--dir", dir.toString());
    assertThat(old.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(old.err()).contains("--versions: PostgreSQL 12 is not supported");

    Path empty = Files.createDirectories(dir.getParent().resolve("no-binaries"));
    String before = System.getProperty("pgmob.embedded.binaries");
    try {
      CliRun missing = CliRun.run("sandbox", "up", "1", "--binaries", empty.toString(), "--dir", dir.toString());
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
      assertThat(missing.err()).contains("no PostgreSQL 17 server binaries in " + empty);
    } finally {
      if (before == null) {
        System.clearProperty("pgmob.embedded.binaries");
      } else {
        System.setProperty("pgmob.embedded.binaries", before);
      }
      Files.delete(empty);
    }
    assertThat(dir).doesNotExist();
  }
}
