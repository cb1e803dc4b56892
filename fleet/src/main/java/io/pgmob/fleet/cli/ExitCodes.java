package io.pgmob.fleet.cli;

/** The exit codes of {@code pgmob}; {@code --help} lists them. */
public final class ExitCodes {

  /** Every selected cluster succeeded or was already as wanted. */
  public static final int OK = 0;
  /**
   * Some clusters failed, or were skipped because another rollout held them (the run or rollout
   * went on; see the summary).
   */
  public static final int PARTIAL_FAILURE = 1;
  /** A rollout halted: a failure threshold was passed or the rollout was stopped; the rest did not run. */
  public static final int HALTED = 2;
  /** Bad command line, inventory, selector or input: nothing was run ({@code EX_USAGE}). */
  public static final int USAGE = 64;
  /** An unexpected internal error ({@code EX_SOFTWARE}). */
  public static final int INTERNAL = 70;
  /** Interrupted (Ctrl-C): statements in flight were cancelled. */
  public static final int INTERRUPTED = 130;

  /** The text of the "Exit codes" section of the help. */
  static final String HELP = """
      %nExit codes:
        0   every selected cluster succeeded (or was already as wanted)
        1   partial failure: some clusters failed (or were skipped, locked by another
            rollout), the others were done
        2   rollout halted: a failure threshold was passed (or approval refused);
            clusters after the halt did not run (resume with the same --journal)
        64  usage error: bad option, inventory, selector or input (or a write given
            to query, which runs read-only); nothing ran
        70  internal error
        130 interrupted (Ctrl-C): statements in flight were cancelled; clusters in
            flight are journaled as cancelled (resume with the same --journal)
      """;

  private ExitCodes() {}
}
