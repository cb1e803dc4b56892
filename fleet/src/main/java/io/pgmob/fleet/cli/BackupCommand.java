package io.pgmob.fleet.cli;

import io.pgmob.backup.Format;
import io.pgmob.fleet.ops.OperationRequest;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgmob fleet backup --database DB --path PATH}: pg_dump on every selected cluster's host. */
@Command(name = "backup", mixinStandardHelpOptions = true, header = "pg_dump a database on each cluster's server host.", sortOptions = false,
    description = {"Dump a database with pg_dump on each selected cluster's server host (run by the server through",
        "COPY ... FROM PROGRAM: needs a superuser or pg_execute_server_program, and pg_dump on the server's PATH).",
        "In --path, {cluster}, {database} and {timestamp} are replaced.", "",
        "Example:",
        "  pgmob fleet backup -s env=prod --database app --path '/var/backups/pg/{cluster}-{database}-{timestamp}.dump'"},
    footer = ExitCodes.HELP)
final class BackupCommand extends FleetSubcommand {

  @Option(names = "--database", required = true, paramLabel = "DB", description = "The database to dump.")
  String database;

  @Option(names = "--path", required = true, paramLabel = "PATH", description = "Where to write the dump on the server host.")
  String path;

  @Option(names = "--format", paramLabel = "FORMAT", description = "plain, custom, directory or tar. Default: custom.")
  @Nullable Format format;

  @Option(names = "--schema-only", description = "Definitions only, no data.")
  boolean schemaOnly;

  @Mixin
  RolloutOptions rollout;

  @Override
  public Integer call() {
    return rollout(rollout, new OperationRequest.Backup(database, path, format, schemaOnly));
  }
}
