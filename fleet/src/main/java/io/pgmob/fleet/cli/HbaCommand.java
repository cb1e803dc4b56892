package io.pgmob.fleet.cli;

import io.pgmob.fleet.ops.AdminOperations;
import io.pgmob.hba.HbaRule;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pgmob fleet hba add|remove RULE}: pg_hba.conf rules on every selected cluster. */
@Command(name = "hba", mixinStandardHelpOptions = true, header = "Add or remove a pg_hba.conf rule on every cluster.",
    description = {"Add or remove a pg_hba.conf rule on every selected cluster (needs a superuser). Each file is",
        "read, edited, written atomically with a backup (<file>.pgmob.bak), checked by the server",
        "(pg_hba_file_rules; a rejected file is restored) and reloaded.", "",
        "Examples:",
        "  pgmob fleet hba add -s env=prod 'hostssl app app 10.0.0.0/8 scram-sha-256'",
        "  pgmob fleet hba remove -s env=prod 'host all all 0.0.0.0/0 trust'"},
    subcommands = {HbaCommand.Add.class, HbaCommand.Remove.class},
    footer = ExitCodes.HELP)
final class HbaCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name an hba command: add or remove");
  }

  static HbaRule rule(List<String> words) {
    return HbaRule.parse(String.join(" ", words));
  }

  @Command(name = "add", mixinStandardHelpOptions = true, header = "Append a pg_hba.conf rule where it is missing.", sortOptions = false,
      description = "Append the rule where no rule with the same meaning is present ('unchanged' elsewhere).",
      footer = ExitCodes.HELP)
  static final class Add extends FleetSubcommand {
    @Parameters(arity = "1..*", paramLabel = "RULE", description = "The rule as in pg_hba.conf: TYPE DATABASE USER [ADDRESS] METHOD [OPTIONS].")
    List<String> words;

    @Mixin
    RolloutOptions rollout;

    @Override
    public Integer call() {
      HbaRule r = rule(words);
      return rollout(rollout, defaultName("hba-add", r.render()), AdminOperations.hbaAdd(r));
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, header = "Remove a pg_hba.conf rule where it is present.", sortOptions = false,
      description = "Remove every rule with the same meaning ('unchanged' where there is none).",
      footer = ExitCodes.HELP)
  static final class Remove extends FleetSubcommand {
    @Parameters(arity = "1..*", paramLabel = "RULE", description = "The rule as in pg_hba.conf.")
    List<String> words;

    @Mixin
    RolloutOptions rollout;

    @Override
    public Integer call() {
      HbaRule r = rule(words);
      return rollout(rollout, defaultName("hba-remove", r.render()), AdminOperations.hbaRemove(r));
    }
  }
}
