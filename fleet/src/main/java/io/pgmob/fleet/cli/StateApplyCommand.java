package io.pgmob.fleet.cli;

import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.state.FleetState;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgmob fleet apply -f state.yaml}: converge the selected clusters to a state file, as a rollout. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
    header = "Make clusters match a state file, as a rollout (canary, waves, thresholds, journal).",
    description = {"Roll the state file out over the selected clusters: each cluster is read again under the",
        "rollout's lock right before its changes run, so what changed since 'plan' is seen, and only what",
        "differs is changed ('unchanged' when the cluster already matched). --dry-run shows each plan.", "",
        "Examples:",
        "  pgmob fleet apply -f state.yaml -s env=staging",
        "  pgmob fleet apply -f state.yaml -s env=prod --canary 1 --waves 10%%,rest --journal state.journal"},
    footer = ExitCodes.HELP)
final class StateApplyCommand extends FleetSubcommand {

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The state file (YAML or JSON).")
  Path file;

  @Mixin
  RolloutOptions rollout;

  @Override
  public Integer call() {
    FleetState state = FleetState.parse(file);
    List<Target> targets = common.targets(common.inventory(env()));
    return rollout(rollout, defaultName("state", state.digest()), state.operation(targets));
  }
}
