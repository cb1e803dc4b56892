package io.pgmob.fleet.cli;

import io.pgmob.fleet.ops.OperationRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgmob fleet grant PRIVILEGES --on TARGET --to ROLE}: desired privileges on every selected cluster. */
@Command(name = "grant", mixinStandardHelpOptions = true, header = "Grant (or --revoke) privileges on every cluster; only what is missing.", sortOptions = false,
    description = {"Make sure a role holds privileges (or, with --revoke, does not) on every selected cluster;",
        "only what is missing is granted ('unchanged' when everything was held).", "",
        "Targets: database:NAME, schema:NAME, table:SCHEMA.NAME, all-tables:SCHEMA, sequence:SCHEMA.NAME,",
        "         all-sequences:SCHEMA, function:SCHEMA.NAME(ARGTYPES)", "",
        "Examples:",
        "  pgmob fleet grant USAGE --on schema:app --to reader --database app",
        "  pgmob fleet grant SELECT --on all-tables:app --to reader --database app",
        "  pgmob fleet grant CONNECT --on database:app --to reader"},
    footer = ExitCodes.HELP)
final class GrantCommand extends FleetSubcommand {

  @Parameters(arity = "1..*", paramLabel = "PRIVILEGE", description = "SELECT, INSERT, UPDATE, DELETE, USAGE, CREATE, "
      + "CONNECT, TEMPORARY, EXECUTE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN (comma or space separated).")
  List<String> privileges;

  @Option(names = "--on", required = true, paramLabel = "TARGET", description = "What the privileges are on.")
  String on;

  @Option(names = "--to", required = true, paramLabel = "ROLE", description = "The grantee (a role, or PUBLIC).")
  String to;

  @Option(names = "--database", paramLabel = "DB",
      description = "Database holding the target (schemas, tables ...). Default: each target's own database.")
  @Nullable String database;

  @Option(names = "--with-grant-option", description = "Also allow the grantee to grant them on.")
  boolean grantOption;

  @Option(names = "--revoke", description = "Make sure the privileges are NOT held (revoke what is).")
  boolean revoke;

  @Mixin
  RolloutOptions rollout;

  @Override
  public Integer call() {
    return rollout(rollout, new OperationRequest.Grant(privileges, on, to, database, revoke, grantOption));
  }
}
