package io.pgmob.fleet;

import io.pgmob.fleet.cli.CliEnvironment;

/** Prints whether the command-line tool would take its stderr for a terminal (run on a pty by a test). */
public final class TerminalProbe {

  private TerminalProbe() {}

  public static void main(String[] args) {
    System.out.println("stderr terminal: " + CliEnvironment.system().terminal());
  }
}
