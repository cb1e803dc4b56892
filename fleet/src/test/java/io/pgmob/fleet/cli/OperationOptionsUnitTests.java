package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line checks an operation with the same request records as the control plane, naming its own options. */
class OperationOptionsUnitTests {

  @Test
  void everyWrongOptionOfAnOperationIsNamedBeforeAnythingRuns() {
    CliRun grant = CliRun.run("fleet", "grant", "SELEKT", "--on", "bogus", "--to", "r", "-i", "nope.yaml");
    assertThat(grant.exitCode()).as(grant.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(grant.err()).contains("PRIVILEGE: unknown privilege 'SELEKT'", "--on: grant target 'bogus' must look like KIND:NAME")
        .doesNotContain("inventory file not found");

    CliRun role = CliRun.run("fleet", "ensure-role", "--role", "app", "--connection-limit", "-7", "-i", "nope.yaml");
    assertThat(role.exitCode()).as(role.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(role.err()).contains("--connection-limit: ");

    CliRun grants = CliRun.run("fleet", "ensure-role", "--role", "app", "--grant", "CONNECT:database:app",
        "--grant", "USAGE:scheme:app", "--grant", "SELEKT:schema:app", "-i", "nope.yaml");
    assertThat(grants.exitCode()).as(grants.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(grants.err()).contains("--grant (the 2nd one): unknown grant target kind 'scheme'",
        "--grant (the 3rd one): unknown privilege 'SELEKT'").doesNotContain("inventory file not found");

    CliRun hba = CliRun.run("fleet", "hba", "add", "--before", "0", "host", "all", "all", "10.0.0.0/8", "md5", "-i", "nope.yaml");
    assertThat(hba.exitCode()).as(hba.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(hba.err()).contains("--before: rule numbers count from 1");

    CliRun pw = CliRun.run(Map.of(), "fleet", "rotate-password", "--role", "app", "--password-env", "NOT_SET", "-i", "nope.yaml");
    assertThat(pw.exitCode()).as(pw.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(pw.err()).contains("--password-env/--password-file: environment variable NOT_SET (the new password) is not set");
  }
}
