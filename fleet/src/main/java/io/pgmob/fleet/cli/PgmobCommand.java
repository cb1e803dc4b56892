package io.pgmob.fleet.cli;

import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.BuildInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pgmob} command. Run it in-process with {@link #commandLine(CliEnvironment)}:
 *
 * <pre>{@code
 * int code = PgmobCommand.commandLine(CliEnvironment.of(out, err, Map.of()))
 *     .execute("fleet", "query", "-i", "fleet.yaml", "SELECT version()");
 * }</pre>
 */
@Command(name = "pgmob", mixinStandardHelpOptions = true, versionProvider = PgmobCommand.Version.class,
    subcommands = {FleetCommand.class, SandboxCommand.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
    description = "Administer fleets of PostgreSQL clusters: queries, rollouts in waves, role and password "
        + "rotation, grants, pg_hba.conf rules, backups, and an HTTP control plane.",
    footer = ExitCodes.HELP)
public final class PgmobCommand implements Runnable {

  private final CliEnvironment environment;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Trace the run on stderr at DEBUG: each connect (target, server version), each statement "
          + "(secrets redacted), retries with their reason, rollout decisions.")
  boolean debug;

  PgmobCommand(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** {@return the streams and environment this invocation uses} */
  public CliEnvironment environment() {
    return environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'pgmob fleet --help'");
  }

  /**
   * A ready {@link CommandLine} for {@code pgmob} writing to {@code environment}'s streams, with
   * pgmob's exit codes: usage errors (bad options, inventory, selector, input) give {@link
   * ExitCodes#USAGE} with the message on stderr, unexpected errors {@link ExitCodes#INTERNAL}.
   */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine cl = new CommandLine(new PgmobCommand(environment));
    cl.setOut(environment.out()).setErr(environment.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpAutoWidth(true);
    // picocli hides it by default; listed, users find how to get shell completion
    cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("pgmob: " + ex.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
        c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      }
      c.getErr().flush();
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof Interrupted i) {
        c.getErr().println("pgmob: interrupted: statements in flight were cancelled on the servers; with --journal, "
            + "clusters in flight are journaled as cancelled and the same command resumes");
        c.getErr().flush();
        i.reported.countDown();
        return ExitCodes.INTERRUPTED;
      }
      if (ex instanceof InvalidInputException || ex instanceof UsageException) {
        c.getErr().println("pgmob: " + ex.getMessage());
        c.getErr().flush();
        return ExitCodes.USAGE;
      }
      c.getErr().println("pgmob: internal error: " + ex);
      ex.printStackTrace(c.getErr());
      c.getErr().flush();
      return ExitCodes.INTERNAL;
    });
    return cl;
  }

  /** The run was cancelled (Ctrl-C): reported in one line, exit {@link ExitCodes#INTERRUPTED}. */
  static final class Interrupted extends RuntimeException {
    final java.util.concurrent.CountDownLatch reported;

    Interrupted(java.util.concurrent.CountDownLatch reported) {
      super("interrupted", null, false, false);
      this.reported = reported;
    }
  }

  /** A usage error found after parsing (nothing was run). */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  /** {@code pgmob --version}: version, git commit and build time as the build recorded them, and the JVM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      List<String> lines = new ArrayList<>(List.of(BuildInfo.current().describe()));
      lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
      return lines.toArray(String[]::new);
    }
  }
}
