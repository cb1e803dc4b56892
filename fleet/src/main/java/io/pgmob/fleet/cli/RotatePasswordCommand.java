package io.pgmob.fleet.cli;

import io.pgmob.fleet.ops.OperationRequest;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pgmob fleet rotate-password --role R --password-env VAR}: bulk password rotation. */
@Command(name = "rotate-password", mixinStandardHelpOptions = true, header = "Rotate a role's password on every cluster (SCRAM verifier computed here).", sortOptions = false,
    description = {"Set a role's password on every selected cluster, as a SCRAM-SHA-256 verifier computed here:",
        "the plaintext never reaches a server, its log or this command line (read it from the environment or a file).",
        "Clusters where the role already has the password report 'unchanged'; a missing role fails the cluster.", "",
        "Example:",
        "  NEW_PW=... pgmob fleet rotate-password -s env=prod --role app --password-env NEW_PW --canary 1 \\",
        "    --journal rotate-app.journal"},
    footer = ExitCodes.HELP)
final class RotatePasswordCommand extends FleetSubcommand {

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role whose password changes.")
  String role;

  @Option(names = "--password-env", paramLabel = "VAR", description = "Environment variable holding the new password.")
  @Nullable String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the new password.")
  @Nullable Path passwordFile;

  @Mixin
  RolloutOptions rollout;

  @Override
  public Integer call() {
    return rollout(rollout, new OperationRequest.RotatePassword(role, passwordRef(passwordEnv, passwordFile, "new password")));
  }
}
