package io.pgmob.fleet.cli;

import io.pgmob.fleet.ops.OperationRequest;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgmob fleet rollout --sql ... | --file ...}: SQL rolled out in waves. */
@Command(name = "rollout", mixinStandardHelpOptions = true, header = "Roll SQL out in waves: canary, failure thresholds, dry run, resumable journal.", sortOptions = false,
    description = {"Roll SQL out over the selected clusters: a canary, then waves; halt when failures pass a threshold.",
        "Each cluster runs the SQL once, under a per-cluster advisory lock so two rollouts never overlap.",
        "With --journal, a halted or killed rollout resumes where it stopped when run again.", "",
        "Examples:",
        "  pgmob fleet rollout -s env=prod --sql 'CREATE INDEX CONCURRENTLY ...' --canary 1 --waves 10%%,rest",
        "  pgmob fleet rollout -s env=prod --file migrate.sql --max-failures 2 --journal migrate.journal",
        "  pgmob fleet rollout -s env=prod --file migrate.sql --dry-run"},
    footer = ExitCodes.HELP)
final class RolloutCommand extends FleetSubcommand {

  static final class Source {
    @Option(names = "--sql", paramLabel = "SQL", required = true, description = "The SQL (several ;-separated statements allowed).")
    @Nullable String sql;

    @Option(names = "--file", paramLabel = "FILE", required = true, description = "A file with the SQL.")
    @Nullable Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Mixin
  RolloutOptions rollout;

  @Override
  public Integer call() {
    String sql;
    if (source.sql != null) {
      sql = source.sql;
    } else {
      sql = io.pgmob.fleet.inventory.TextFiles.readUtf8(source.file, "SQL");
    }
    return rollout(rollout, new OperationRequest.Sql(sql));
  }
}
