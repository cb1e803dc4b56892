package io.pgmob.fleet.cli;

import io.pgmob.fleet.ops.OperationRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgmob fleet hba add|remove RULE}: pg_hba.conf rules on every selected cluster. */
@Command(name = "hba", mixinStandardHelpOptions = true, header = "Add or remove a pg_hba.conf rule on every cluster.",
    description = {"Add or remove a pg_hba.conf rule on every selected cluster (needs a superuser). Each file is",
        "read, edited, written atomically with a backup (<file>.pgmob.bak), checked by the server",
        "(pg_hba_file_rules; a rejected file is restored) and reloaded.", "",
        "Examples:",
        "  pgmob fleet hba add -s env=prod 'hostssl app app 10.0.0.0/8 scram-sha-256'",
        "  pgmob fleet hba add --first 'local all admin peer'",
        "  pgmob fleet hba add --before 'local all all peer' 'local all admin peer'",
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

  /** Where {@code hba add} puts the rule: at most one of the options. */
  static final class Placement {
    @Option(names = "--first", description = "Put the rule first in the file.")
    boolean first;

    @Option(names = "--before", paramLabel = "RULE|N", description = {"Put the rule before this rule (as in pg_hba.conf)",
        "or before rule number N (1 = the first rule, as pg_hba_file_rules.rule_number counts)."})
    @Nullable String before;

    @Option(names = "--after", paramLabel = "RULE|N", description = "Put the rule after this rule, or after rule number N.")
    @Nullable String after;
  }

  @Command(name = "add", mixinStandardHelpOptions = true, header = "Put a pg_hba.conf rule where it is missing.", sortOptions = false,
      description = {"Append the rule (or put it where --first, --before or --after say) where no rule with the same",
          "meaning is present and placed so ('unchanged' elsewhere). The server uses the first rule that",
          "matches a connection: the output warns when an earlier rule matches every connection the new one",
          "would, so that it never applies; place it before that rule."},
      footer = ExitCodes.HELP)
  static final class Add extends FleetSubcommand {
    @Parameters(arity = "1..*", paramLabel = "RULE", description = "The rule as in pg_hba.conf: TYPE DATABASE USER [ADDRESS] METHOD [OPTIONS].")
    List<String> words;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    @Nullable Placement placement;

    @Mixin
    RolloutOptions rollout;

    @Override
    public Integer call() {
      Placement p = placement != null ? placement : new Placement();
      return rollout(rollout, new OperationRequest.HbaAdd(String.join(" ", words), p.first, p.before, p.after));
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
      return rollout(rollout, new OperationRequest.HbaRemove(String.join(" ", words)));
    }
  }
}
