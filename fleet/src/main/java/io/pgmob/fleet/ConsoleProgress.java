package io.pgmob.fleet;

import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutListener;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A console progress bar for long fleet runs and rollouts, for example
 * <pre>
 * [##########..........]  512/1024  ok 498  unchanged 6  failed 8  skipped 0  85.3/s  eta 6s  env=prod
 * </pre>
 * On a terminal the line is redrawn in place (carriage return) at most every 100 ms; otherwise a
 * plain line is printed at most every 5 seconds. Use it as a fleet's {@link ProgressListener} or
 * as a rollout's {@link RolloutListener} (not both for the same run, or clusters count twice).
 *
 * <pre>{@code
 * FleetOptions.builder().listener(ConsoleProgress.stderr())
 * Rollout.builder("r").listener(ConsoleProgress.stderr())
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ConsoleProgress implements ProgressListener, RolloutListener {

  private static final int WIDTH = 20;

  private final PrintStream out;
  private final boolean inPlace;
  private final LongSupplier nanoClock;
  private final long intervalNanos;

  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final int[] outcomes = new int[Outcome.values().length];
  private volatile String label = "";
  private volatile long startNanos;
  private volatile long lastDraw;
  private volatile int lastLength;

  /**
   * @param out where to draw
   * @param inPlace redraw one line with carriage returns (a terminal) instead of printing lines
   * @param nanoClock time source, {@link System#nanoTime()} normally
   */
  public ConsoleProgress(PrintStream out, boolean inPlace, LongSupplier nanoClock) {
    this.out = Objects.requireNonNull(out, "out");
    this.inPlace = inPlace;
    this.nanoClock = nanoClock;
    this.intervalNanos = inPlace ? 100_000_000L : 5_000_000_000L;
  }

  /** Draws on standard error, in place when a console is attached. */
  public static ConsoleProgress stderr() {
    return new ConsoleProgress(System.err, System.console() != null, System::nanoTime);
  }

  @Override
  public synchronized void started(String label, int total) {
    if (this.total.get() == 0) {
      startNanos = nanoClock.getAsLong();
    }
    this.label = label;
    this.total.addAndGet(total);
    draw(true);
  }

  @Override
  public void finished(ClusterResult<?> result) {
    synchronized (this) {
      outcomes[result.outcome().ordinal()]++;
      done.incrementAndGet();
    }
    draw(done.get() >= total.get());
  }

  @Override
  public synchronized void ended(String label) {
    draw(true);
    if (inPlace) {
      out.println();
    }
    lastLength = 0;
  }

  @Override
  public void onEvent(RolloutEvent event) {
    if (event instanceof RolloutEvent.Started s) {
      started(s.rollout(), s.total() - s.alreadyDone().size());
    } else if (event instanceof RolloutEvent.ClusterFinished f) {
      finished(f.result());
    } else if (event instanceof RolloutEvent.Halted h) {
      message("halted: " + h.reason());
    } else if (event instanceof RolloutEvent.AwaitingApproval a) {
      message("waiting for approval of wave " + a.nextWave());
    } else if (event instanceof RolloutEvent.Finished f) {
      ended(f.rollout());
    }
  }

  private synchronized void message(String text) {
    if (inPlace && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
    }
    out.println(text);
    lastLength = 0;
    draw(true);
  }

  /** The current line, without control characters. */
  public synchronized String line() {
    int t = total.get();
    int d = done.get();
    int filled = t == 0 ? 0 : (int) ((long) d * WIDTH / t);
    double seconds = Math.max(1e-9, (nanoClock.getAsLong() - startNanos) / 1e9);
    double rate = d / seconds;
    String eta = d == 0 || d >= t ? "" : "  eta " + Math.round((t - d) / rate) + "s";
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]  " + d + "/" + t
        + "  ok " + outcomes[Outcome.SUCCEEDED.ordinal()]
        + "  unchanged " + outcomes[Outcome.UNCHANGED.ordinal()]
        + "  failed " + outcomes[Outcome.FAILED.ordinal()]
        + "  skipped " + outcomes[Outcome.SKIPPED.ordinal()]
        + String.format(java.util.Locale.ROOT, "  %.1f/s", rate) + eta + "  " + label;
  }

  private void draw(boolean force) {
    long now = nanoClock.getAsLong();
    if (!force && now - lastDraw < intervalNanos) {
      return;
    }
    synchronized (this) {
      lastDraw = now;
      String l = line();
      if (inPlace) {
        out.print("\r" + l + (l.length() < lastLength ? " ".repeat(lastLength - l.length()) : ""));
        lastLength = l.length();
      } else {
        out.println(l);
      }
      out.flush();
    }
  }
}
