package io.pgmob.fleet.cli;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The live progress line on stderr: a bar, done/total, succeeded, unchanged, failed, skipped, in
 * flight (clusters being worked on now), rate, elapsed time and an estimate of the time left, redrawn in place ({@code \r}) on each finished cluster and four times a
 * second. Thread-safe: results arrive on engine threads.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {

  private static final int WIDTH = 28;

  private final PrintWriter err;
  private final boolean enabled;
  private final IntSupplier inFlight;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger unchanged = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private volatile int total;
  private volatile String label = "";
  private volatile boolean closed;
  private volatile boolean paused;
  private final ScheduledExecutorService ticker;
  private int lastLength;

  ProgressBar(PrintWriter err, boolean enabled, int total, IntSupplier inFlight) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
    this.inFlight = inFlight;
    if (enabled) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgmob-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::draw, 250, 250, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /** A label shown before the bar (e.g. the wave). */
  void label(String label) {
    this.label = label;
    draw();
  }

  @Override
  public void finished(ClusterResult<?> result) {
    count(result.outcome());
    draw();
  }

  void count(Outcome outcome) {
    switch (outcome) {
      case FAILED -> failed.incrementAndGet();
      case SKIPPED -> skipped.incrementAndGet();
      case UNCHANGED -> unchanged.incrementAndGet();
      default -> ok.incrementAndGet();
    }
  }

  int done() {
    return ok.get() + unchanged.get() + failed.get() + skipped.get();
  }

  /** The line as drawn now (without the carriage return). */
  String line() {
    int done = done();
    int t = Math.max(total, done);
    int filled = t == 0 ? WIDTH : (int) ((long) done * WIDTH / t);
    double secs = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
    Duration el = Duration.ofMillis((long) (secs * 1000));
    return (label.isEmpty() ? "" : label + " ") + "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
        + done + "/" + t + "  ok " + ok.get() + "  unchanged " + unchanged.get() + "  failed " + failed.get()
        + "  skipped " + skipped.get() + "  in flight " + inFlight.getAsInt() + "  "
        + String.format(java.util.Locale.ROOT, "%.1f/s", done / secs)
        + "  " + String.format(java.util.Locale.ROOT, "%d:%02d", el.toMinutes(), el.toSecondsPart())
        + (done == 0 || done >= t ? "" : "  eta " + Math.round((t - done) / (done / secs)) + "s");
  }

  private synchronized void draw() {
    if (!enabled || closed || paused) {
      return;
    }
    String line = line();
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }

  /** Stops drawing (ending the current line) while something else talks on the terminal. */
  synchronized void pause() {
    if (enabled && !paused && lastLength > 0) {
      err.println();
      err.flush();
    }
    paused = true;
    lastLength = 0;
  }

  /** Draws again after {@link #pause()}. */
  void resume() {
    paused = false;
    draw();
  }

  /** Draws the last state and ends the line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    draw();
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (enabled) {
      err.println();
      err.flush();
    }
  }
}
