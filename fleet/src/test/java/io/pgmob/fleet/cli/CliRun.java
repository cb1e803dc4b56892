package io.pgmob.fleet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs {@code pgmob} in-process and keeps its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  static CliRun run(Map<String, String> env, String... args) {
    return input("", env, args);
  }

  /** Runs with {@code stdin} as standard input. */
  static CliRun input(String stdin, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PgmobCommand.commandLine(CliEnvironment.of(stdin, new PrintWriter(out, true), new PrintWriter(err, true), env))
        .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
