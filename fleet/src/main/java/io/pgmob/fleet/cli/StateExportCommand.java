package io.pgmob.fleet.cli;

import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.state.FleetState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pgmob fleet export -s SELECTOR}: the state file that describes clusters as they are today. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    header = "Write the state file that describes the selected clusters today (for adoption).",
    description = {"Read every selected cluster (sessions opened read-only) and write a state file with one block",
        "per cluster (select: name=...): its roles, memberships, databases, schemas and their grants, so that",
        "'pgmob fleet plan' of that file shows no change. Passwords are not exported: a state file holds them by",
        "reference only; add password: env:NAME where the file should manage one. See docs/state.md.", "",
        "Examples:",
        "  pgmob fleet export -s name=eu-001 --out state.yaml",
        "  pgmob fleet export -s env=staging > staging.yaml"},
    footer = {"%nExit codes:",
        "  0   written",
        "  1   some clusters could not be read: nothing written",
        "  64  usage error (bad option, inventory or selector): nothing was contacted",
        "  70  internal error"})
final class StateExportCommand extends FleetSubcommand {

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the file here (replaced atomically) instead of standard output.")
  @Nullable Path out;

  @Override
  public Integer call() {
    CliEnvironment env = env();
    Inventory inventory = common.inventory(env);
    List<Target> targets = common.targets(inventory);
    Fleet fleet = Fleet.create(inventory, common.fleetOptions(io.pgmob.fleet.ProgressListener.none(), null));
    String text;
    try (io.pgmob.fleet.ConsoleProgress bar = common.progress(env).total(targets.size()).inFlight(fleet::inFlight)
        .build()) {
      bar.phase("export");
      text = await(FleetState.export(fleet, targets).toFuture(), fleet.close());
    } catch (io.pgmob.error.PgmobException e) {
      if (e instanceof io.pgmob.error.InvalidInputException) {
        throw e;
      }
      env.err().println("pgmob: " + e.getMessage());
      env.err().flush();
      return ExitCodes.PARTIAL_FAILURE;
    }
    if (out == null) {
      env.out().print(text);
      env.out().flush();
    } else {
      write(out, text);
      env.err().println("wrote " + out + " (" + targets.size() + (targets.size() == 1 ? " cluster)" : " clusters)"));
      env.err().flush();
    }
    return ExitCodes.OK;
  }

  private static void write(Path file, String text) {
    Path abs = file.toAbsolutePath();
    try {
      Path tmp = Files.createTempFile(abs.getParent(), ".pgmob-export", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new PgmobCommand.UsageException("cannot write " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() != null ? " " + e.getMessage() : ""));
    }
  }
}
