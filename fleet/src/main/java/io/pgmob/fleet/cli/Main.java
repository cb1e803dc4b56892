package io.pgmob.fleet.cli;

/**
 * Entry point of the runnable jar ({@code bin/pgmob}): runs {@link PgmobCommand} and exits with
 * its exit code (see {@link ExitCodes}).
 */
public final class Main {

  private Main() {}

  /** Runs {@code pgmob} with these arguments and exits the JVM with its exit code. */
  public static void main(String[] args) {
    quietLogging();
    int code = PgmobCommand.commandLine(CliEnvironment.system()).execute(args);
    System.exit(code);
  }

  /**
   * The tool reports everything itself and ships no logging backend; SLF4J would print a
   * three-line "no providers" warning on every run. SLF4J 2.0.10+ honours {@code
   * slf4j.internal.verbosity}; older ones are initialised here with stderr muted for that moment.
   */
  private static void quietLogging() {
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    java.io.PrintStream err = System.err;
    try {
      System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      org.slf4j.LoggerFactory.getILoggerFactory();
    } catch (RuntimeException | LinkageError e) {
      // no SLF4J at all: nothing to quiet
    } finally {
      System.setErr(err);
    }
  }
}
