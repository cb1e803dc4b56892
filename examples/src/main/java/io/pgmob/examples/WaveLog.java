package io.pgmob.examples;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutListener;
import java.io.PrintStream;

/**
 * Prints a rollout's progress as it runs: a line per wave with a mark per cluster ({@code #}
 * succeeded, {@code =} unchanged, {@code -} skipped, {@code X} failed) and the wave's counts.
 *
 * <pre>{@code
 * Rollout.builder("rotate-app").canary(1).waves(Wave.rest()).listener(new WaveLog(System.out)).build();
 * }</pre>
 */
public final class WaveLog implements RolloutListener {

  private final PrintStream out;

  /** Prints to {@code out}. */
  public WaveLog(PrintStream out) {
    this.out = out;
  }

  /** Prints what {@code event} adds to the picture. */
  @Override
  public synchronized void onEvent(RolloutEvent event) {
    if (event instanceof RolloutEvent.Started s) {
      out.printf("Rollout %s: %d clusters in %d waves%s%n", s.rollout(), s.total(), s.waves(),
          s.dryRun() ? " (dry run)" : "");
    } else if (event instanceof RolloutEvent.WaveStarted w) {
      out.printf("  wave %d%s, %d cluster%s: ", w.wave(), w.wave() == 0 ? " (canary)" : "", w.clusters().size(),
          w.clusters().size() == 1 ? "" : "s");
    } else if (event instanceof RolloutEvent.ClusterFinished f) {
      out.print(mark(f.result()));
    } else if (event instanceof RolloutEvent.WaveFinished w) {
      out.printf("  %d ok, %d unchanged, %d failed, p50 %d ms%n", w.report().count(Outcome.SUCCEEDED),
          w.report().count(Outcome.UNCHANGED), w.report().count(Outcome.FAILED), w.report().latency().p50().toMillis());
    } else if (event instanceof RolloutEvent.Paused p) {
      out.printf("  pause %.1f s%n", p.pause().toMillis() / 1000.0);
    } else if (event instanceof RolloutEvent.Halted h) {
      out.printf("%n  HALTED: %s%n", h.reason());
    }
    out.flush();
  }

  private static String mark(ClusterResult<?> r) {
    return switch (r.outcome()) {
      case SUCCEEDED -> "#";
      case UNCHANGED -> "=";
      case SKIPPED -> "-";
      case FAILED -> "X";
    };
  }
}
