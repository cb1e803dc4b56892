package io.pgmob.fleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pgmob fleet}: the commands that work on many clusters of an inventory. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    description = {"Work on the clusters of an inventory file, many at once.", "",
        "Inventory (YAML or JSON; -i FILE, else $PGMOB_INVENTORY, else ./fleet.yaml):",
        "  defaults: {user: admin, password: env:PGPASS, sslmode: require}",
        "  targets:",
        "    - {name: eu-1, host: db1.eu.internal, labels: {env: prod, region: eu}}",
        "Passwords by reference only: env:VARIABLE or file:/path/to/file (mode 0600).", "",
        "Select clusters with -s: env=prod,region=eu|us,!decommissioned,name=eu-* (comma = AND)."},
    subcommands = {QueryCommand.class, RolloutCommand.class, RotatePasswordCommand.class, EnsureRoleCommand.class,
        GrantCommand.class, HbaCommand.class, BackupCommand.class, StatePlanCommand.class, StateApplyCommand.class,
        StateDriftCommand.class, StateExportCommand.class, ServeCommand.class},
    footer = ExitCodes.HELP)
final class FleetCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a fleet command: query, rollout, rotate-password, ensure-role, grant, hba, backup, plan, apply, drift or serve");
  }
}
