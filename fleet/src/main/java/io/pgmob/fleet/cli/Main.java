package io.pgmob.fleet.cli;

import java.util.List;

/**
 * Entry point of the runnable jar ({@code bin/pgmob}): runs {@link PgmobCommand} and exits with
 * its exit code (see {@link ExitCodes}).
 */
public final class Main {

  private Main() {}

  /** Runs {@code pgmob} with these arguments and exits the JVM with its exit code. */
  public static void main(String[] args) {
    configureLogging(debugRequested(args));
    // a statement cancelled by Ctrl-C may still fail afterwards (its session closes under it):
    // nobody listens any more, and that is expected, not an error to print; the class is enough
    reactor.core.publisher.Hooks.onErrorDropped(e -> org.slf4j.LoggerFactory.getLogger(Main.class)
        .debug("an error after cancellation, dropped: {}", e.getClass().getName()));
    int code = PgmobCommand.commandLine(CliEnvironment.system()).execute(args);
    System.exit(code);
  }

  /** Whether {@code --debug} is among the options (before a {@code --} that ends them). */
  static boolean debugRequested(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Configures the shipped backend (slf4j-simple) before anything logs: warnings and errors of
   * the libraries only, on stderr; with {@code --debug} also pgmob's DEBUG trace (connects with
   * server version, each statement with secrets redacted, retries with their reason, rollout
   * decisions). Properties already set with {@code -D} (e.g. through {@code JAVA_OPTS}) win,
   * except for the wire drivers' own loggers: at DEBUG they print each statement as sent, password
   * verifiers and {@code Literal.secret} values included, so they stay at INFO whatever is asked.
   */
  static void configureLogging(boolean debug) {
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.log.io.pgmob", "debug");
    }
    for (String driver : DRIVER_LOGGERS) {
      System.setProperty("org.slf4j.simpleLogger.log." + driver, "info");
    }
  }

  /** Loggers of the wire drivers that print statement text (and so secrets) below INFO. */
  private static final List<String> DRIVER_LOGGERS = List.of("io.r2dbc.postgresql", "io.vertx.pgclient",
      "io.vertx.sqlclient", "reactor.netty");

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
