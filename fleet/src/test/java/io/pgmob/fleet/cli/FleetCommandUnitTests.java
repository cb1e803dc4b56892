package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, usage errors and their exit codes: nothing here reaches a server. */
class FleetCommandUnitTests {

  @TempDir
  Path dir;

  private Path inventory() throws Exception {
    Path f = dir.resolve("fleet.yaml");
    Files.writeString(f, "targets:\n  - {name: a, host: 127.0.0.1, port: 1, user: admin, labels: {env: prod}}\n");
    return f;
  }

  @Test
  void helpTeachesCommandsSelectorsAndExitCodes() {
    CliRun root = CliRun.run("--help");
    assertThat(root.exitCode()).isZero();
    assertThat(root.out()).contains("fleet", "Exit codes:", "64", "partial failure", "rollout halted");

    CliRun fleet = CliRun.run("fleet", "--help");
    assertThat(fleet.exitCode()).isZero();
    assertThat(fleet.out()).contains("query", "rollout", "rotate-password", "ensure-role", "grant", "hba", "backup",
        "serve", "env:VARIABLE", "file:/path");

    CliRun rollout = CliRun.run("fleet", "rollout", "--help");
    assertThat(rollout.exitCode()).isZero();
    assertThat(rollout.out()).contains("--canary", "--waves", "--max-failures", "--dry-run", "--journal", "10%,rest",
        "Examples:");

    CliRun ensureRole = CliRun.run("fleet", "ensure-role", "--help");
    assertThat(ensureRole.exitCode()).isZero();
    assertThat(ensureRole.out()).contains("--grant=PRIV:KIND:OBJECT", "PRIVILEGE[,PRIVILEGE]:KIND:OBJECT",
        "one connection per", "--grant CONNECT:database:app --grant USAGE:schema:app");
  }

  @Test
  void usageErrorsExitWith64AndSayWhatWasWrong() throws Exception {
    Path inv = inventory();

    CliRun unknown = CliRun.run("fleet", "query", "-i", inv.toString(), "--bogus", "SELECT 1");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(64);
    assertThat(unknown.err()).contains("--bogus");

    CliRun noCommand = CliRun.run("fleet");
    assertThat(noCommand.exitCode()).isEqualTo(64);
    assertThat(noCommand.err()).contains("query, rollout");

    CliRun missing = CliRun.run("fleet", "query", "-i", dir.resolve("nope.yaml").toString(), "SELECT 1");
    assertThat(missing.exitCode()).isEqualTo(64);
    assertThat(missing.err()).contains("the inventory file " + dir.resolve("nope.yaml").toAbsolutePath() + " does not exist");

    CliRun noMatch = CliRun.run("fleet", "query", "-i", inv.toString(), "-s", "env=staging", "SELECT 1");
    assertThat(noMatch.exitCode()).isEqualTo(64);
    assertThat(noMatch.err()).contains("matches 'env=staging'");

    CliRun badSelector = CliRun.run("fleet", "query", "-i", inv.toString(), "-s", "env=prod,,", "SELECT 1");
    assertThat(badSelector.exitCode()).as(badSelector.toString()).isEqualTo(64);

    CliRun bothSources = CliRun.run("fleet", "rollout", "-i", inv.toString(), "--sql", "SELECT 1", "--file", "x.sql");
    assertThat(bothSources.exitCode()).isEqualTo(64);

    CliRun badWave = CliRun.run("fleet", "rollout", "-i", inv.toString(), "--sql", "SELECT 1", "--waves", "ten");
    assertThat(badWave.exitCode()).as(badWave.toString()).isEqualTo(64);

    CliRun badDuration = CliRun.run("fleet", "rollout", "-i", inv.toString(), "--sql", "SELECT 1", "--pause", "soon");
    assertThat(badDuration.exitCode()).isEqualTo(64);
    assertThat(badDuration.err()).contains("not a duration");

    CliRun noPassword = CliRun.run("fleet", "rotate-password", "-i", inv.toString(), "--role", "app");
    assertThat(noPassword.exitCode()).isEqualTo(64);
    assertThat(noPassword.err()).contains("--password-env");

    CliRun unsetEnv = CliRun.run(Map.of(), "fleet", "rotate-password", "-i", inv.toString(), "--role", "app",
        "--password-env", "NEW_PW");
    assertThat(unsetEnv.exitCode()).isEqualTo(64);
    assertThat(unsetEnv.err()).contains("NEW_PW", "not set");

    CliRun badTarget = CliRun.run("fleet", "grant", "-i", inv.toString(), "SELECT", "--on", "tabel:x.y", "--to", "r");
    assertThat(badTarget.exitCode()).isEqualTo(64);
    assertThat(badTarget.err()).contains("unknown grant target kind", "all-tables:SCHEMA");

    CliRun badRule = CliRun.run("fleet", "hba", "add", "-i", inv.toString(), "host", "all");
    assertThat(badRule.exitCode()).as(badRule.toString()).isEqualTo(64);
  }

  @Test
  void serveRefusesAPublicAddressWithoutAToken() throws Exception {
    CliRun r = CliRun.run(Map.of(), "fleet", "serve", "-i", inventory().toString(), "--bind", "0.0.0.0", "--port", "0");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without a bearer token");
  }
}
