package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is refused before anything runs, with exit 64 and a message that names what is wrong
 * and where. The inventory points at a port nothing listens on: none of these may get as far as
 * connecting.
 */
class CliInputUnitTests {

  @TempDir
  Path dir;

  private String inventory() throws Exception {
    Path inv = dir.resolve("fleet.yaml");
    Files.writeString(inv, "defaults: {sslmode: disable, connect_timeout: 2}\ntargets:\n"
        + "  - {name: a, host: 127.0.0.1, port: 1, database: d, user: u, labels: {region: eu}}\n");
    return inv.toString();
  }

  private static void refused(CliRun run, String... fragments) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.toString()).contains(fragments)
        .doesNotContain("internal error", "Exception", "\tat ", "Input length");
  }

  @Test
  void restIsOnlyTheLastWaveSize() throws Exception {
    String inv = inventory();
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--waves", "rest,10%"),
        "--waves", "'rest'", "last");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--waves", "5,rest,rest"), "--waves", "last");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--waves", "0"), "--waves", "at least 1");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--waves", "150%"), "--waves", "(0, 100]");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--waves", "ten"), "--waves", "'ten'");
  }

  @Test
  void aDoubledEqualsInASelectorIsRefused() throws Exception {
    String inv = inventory();
    refused(CliRun.run("fleet", "query", "-i", inv, "-s", "region==eu", "SELECT 1"), "region==eu", "=", "!=");
    refused(CliRun.run("fleet", "query", "-i", inv, "-s", "region!==eu", "SELECT 1"), "region!==eu");
    refused(CliRun.run("fleet", "query", "-i", inv, "-s", "region=eu=us", "SELECT 1"), "region=eu=us");
  }

  @Test
  void aMissingFileIsNamedWithItsAbsolutePath() throws Exception {
    String inv = inventory();
    Path missing = dir.resolve("nosuch.sql");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--file", missing.toString()),
        "the SQL file " + missing.toAbsolutePath() + " does not exist");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--file", "nosuch-relative.sql"),
        Path.of("nosuch-relative.sql").toAbsolutePath().toString(), "does not exist");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--file", dir.toString()), dir.toString(), "is a directory");
    refused(CliRun.run("fleet", "query", "-i", dir.resolve("nosuch.yaml").toString(), "SELECT 1"),
        "the inventory file " + dir.resolve("nosuch.yaml").toAbsolutePath() + " does not exist");
    refused(CliRun.run("fleet", "rotate-password", "-i", inv, "--role", "app", "--password-file",
        dir.resolve("nopw").toString()), dir.resolve("nopw").toAbsolutePath().toString(), "does not exist");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedWithTheOffsetOfItsFirstBadByte() throws Exception {
    String inv = inventory();
    Path latin1 = dir.resolve("latin1.sql");
    Files.write(latin1, "SELECT 'café'".getBytes(StandardCharsets.ISO_8859_1));
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--file", latin1.toString()),
        "the SQL file " + latin1.toAbsolutePath() + " is not UTF-8", "0xe9", "byte offset 11", "line 1");

    Path badInventory = dir.resolve("latin1.yaml");
    Files.write(badInventory, "targets:\n  - {name: \u00e9, host: h}\n".getBytes(StandardCharsets.ISO_8859_1));
    refused(CliRun.run("fleet", "query", "-i", badInventory.toString(), "SELECT 1"),
        "the inventory file " + badInventory.toAbsolutePath() + " is not UTF-8", "byte offset 20", "line 2");
  }

  @Test
  void outOfRangeNumbersNameTheirOption() throws Exception {
    String inv = inventory();
    refused(CliRun.run("fleet", "query", "-i", inv, "--concurrency", "0", "SELECT 1"), "--concurrency");
    refused(CliRun.run("fleet", "query", "-i", inv, "--rate", "-1", "SELECT 1"), "--rate");
    refused(CliRun.run("fleet", "query", "-i", inv, "--timeout", "-5s", "SELECT 1"), "--timeout");
    refused(CliRun.run("fleet", "query", "-i", inv, "--attempts", "0", "SELECT 1"), "--attempts");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--canary", "-1"), "--canary");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--max-failures", "150%"), "--max-failures");
    refused(CliRun.run("fleet", "rollout", "-i", inv, "--sql", "SELECT 1", "--pause", "-1s"), "--pause");
    refused(CliRun.run("fleet", "serve", "-i", inv, "--port", "70000"), "--port");
    refused(CliRun.run("fleet", "serve", "-i", inv, "--max-body", "0"), "--max-body");
    refused(CliRun.run("fleet", "query", "-i", inv, "-o", "xml", "SELECT 1"), "-o", "xml");
  }
}
