package io.pgmob.fleet.cli;

import picocli.CommandLine.Command;

/** {@code pgmob fleet drift -f state.yaml}: {@code plan} as a check, for cron and CI. */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
    header = "Check whether clusters drifted from a state file (plan as a check; exit 2 on drift).",
    description = {"The same reading and output as 'plan', meant for cron and CI: exit 0 when every selected",
        "cluster matches the file, 2 when some drifted (the output says how), 1 when some could not be read.", "",
        "Example:",
        "  pgmob fleet drift -f state.yaml -s env=prod -o json --progress never"},
    footer = StatePlanCommand.EXIT_CODES)
final class StateDriftCommand extends StatePlanCommand {

  @Override
  String verb() {
    return "drift";
  }
}
