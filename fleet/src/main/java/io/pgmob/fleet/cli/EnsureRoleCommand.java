package io.pgmob.fleet.cli;

import io.pgmob.fleet.ops.OperationRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgmob fleet ensure-role}: desired state of a role on every selected cluster. */
@Command(name = "ensure-role", mixinStandardHelpOptions = true, header = "Create a role or align it with the options given, on every cluster.", sortOptions = false,
    description = {"Make a role look as described on every selected cluster: create it where it is",
        "missing, change only what differs elsewhere ('unchanged' when nothing did).",
        "Attributes not given are left as they are on existing roles (PostgreSQL",
        "defaults on new ones).", "",
        "With --grant, the privileges the role needs are made sure of in the same run,",
        "on the same connection, right after the role: one command, one rollout and",
        "one connection per cluster for a whole rotation. Each --grant is",
        "PRIVILEGE[,PRIVILEGE]:KIND:OBJECT; KIND:OBJECT is a target as 'grant --on'",
        "takes it: database:NAME, schema:NAME, table:SCHEMA.NAME, all-tables:SCHEMA,",
        "sequence:SCHEMA.NAME, all-sequences:SCHEMA, function:SCHEMA.NAME(ARGTYPES).",
        "Schema, table, sequence and function targets are those of each cluster's",
        "inventory database.", "",
        "Examples:",
        "  pgmob fleet ensure-role -s env=prod --role reporting --login \\",
        "      --connection-limit 10 --member-of pg_read_all_data",
        "  pgmob fleet ensure-role -s env=prod --role app --login --password-env APP_PW \\",
        "      --grant CONNECT:database:app --grant USAGE:schema:app \\",
        "      --grant SELECT,INSERT:all-tables:app"},
    footer = ExitCodes.HELP)
final class EnsureRoleCommand extends FleetSubcommand {

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role's name.")
  String role;

  @Option(names = "--login", negatable = true, description = "May log in (--no-login: may not).")
  @Nullable Boolean login;

  @Option(names = "--createdb", negatable = true, description = "May create databases.")
  @Nullable Boolean createDb;

  @Option(names = "--createrole", negatable = true, description = "May create roles.")
  @Nullable Boolean createRole;

  @Option(names = "--inherit", negatable = true, description = "Inherits the privileges of its groups.")
  @Nullable Boolean inherit;

  @Option(names = "--connection-limit", paramLabel = "N", description = "Connection limit (-1 = none).")
  @Nullable Integer connectionLimit;

  @Option(names = "--member-of", paramLabel = "ROLE", description = "A role it must be a member of (repeatable).")
  List<String> memberOf = new ArrayList<>();

  @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding its password.")
  @Nullable String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is its password.")
  @Nullable Path passwordFile;

  @Option(names = "--grant", paramLabel = "PRIV:KIND:OBJECT",
      description = "A privilege it must hold, e.g. CONNECT:database:app or SELECT,INSERT:all-tables:app (repeatable).")
  List<String> grants = new ArrayList<>();

  @Mixin
  RolloutOptions rollout;

  @Override
  public Integer call() {
    String ref = passwordEnv != null || passwordFile != null ? passwordRef(passwordEnv, passwordFile, "password") : null;
    return rollout(rollout, new OperationRequest.EnsureRole(role, login, createDb, createRole, inherit, connectionLimit,
        memberOf, ref, grants));
  }
}
