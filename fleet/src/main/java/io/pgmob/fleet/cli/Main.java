package io.pgmob.fleet.cli;

/**
 * Entry point of the runnable jar ({@code bin/pgmob}): runs {@link PgmobCommand} and exits with
 * its exit code (see {@link ExitCodes}).
 */
public final class Main {

  private Main() {}

  /** Runs {@code pgmob} with these arguments and exits the JVM with its exit code. */
  public static void main(String[] args) {
    // The tool reports everything itself; without a logging backend SLF4J would print a warning.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    int code = PgmobCommand.commandLine(CliEnvironment.system()).execute(args);
    System.exit(code);
  }
}
