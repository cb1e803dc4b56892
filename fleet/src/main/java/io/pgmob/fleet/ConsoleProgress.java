package io.pgmob.fleet;

import io.pgmob.fleet.internal.Terminal;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The console progress bar for long fleet runs and rollouts, for example
 * <pre>
 * [##########..........]  512/1024  ok 498  unchanged 6  failed 8  skipped 0  85.3/s  eta 6s  env=prod
 * </pre>
 * On a terminal the line is redrawn in place (carriage return) at most every 100 ms, fitted to the
 * terminal's width (the least useful fields go first, so it never wraps and scrolls), and
 * coloured unless {@code NO_COLOR} is set; otherwise ({@link Mode#LINES}) a plain line is printed
 * at most every 5 seconds, or nothing at all ({@link Mode#OFF}). Use it as a fleet's {@link
 * ProgressListener} or as a rollout's {@link RolloutListener} (not both for the same run, or
 * clusters count twice).
 *
 * <pre>{@code
 * FleetOptions.builder().listener(ConsoleProgress.stderr())
 * Rollout.builder("r").listener(ConsoleProgress.stderr())
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ConsoleProgress implements ProgressListener, RolloutListener, AutoCloseable {

  /** How the bar is drawn. */
  public enum Mode {
    /** One line redrawn in place with carriage returns: for a terminal. */
    IN_PLACE,
    /** A plain line at most every 5 seconds: for a log file. */
    LINES,
    /** Nothing. */
    OFF
  }

  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";
  private static final int MIN_BAR = 5;

  private final Consumer<String> out;
  private final Runnable flush;
  private final Mode mode;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final int columns;
  private final boolean color;
  private final int barWidth;
  private final @Nullable IntSupplier inFlight;
  private final boolean elapsed;
  private final @Nullable ScheduledExecutorService ticker;

  private int total;
  private final int[] outcomes = new int[Outcome.values().length];
  private String label = "";
  private String phase = "";
  private long startNanos;
  private boolean started;
  private long lastDraw;
  private int lastLength;
  private boolean paused;
  private boolean closed;

  /**
   * @param out where to draw
   * @param inPlace redraw one line with carriage returns (a terminal) instead of printing lines
   * @param nanoClock time source, {@link System#nanoTime()} normally
   */
  public ConsoleProgress(PrintStream out, boolean inPlace, LongSupplier nanoClock) {
    this(builder(out).mode(inPlace ? Mode.IN_PLACE : Mode.LINES).clock(nanoClock));
  }

  private ConsoleProgress(Builder b) {
    this.out = b.out;
    this.flush = b.flush;
    this.mode = b.mode;
    this.nanoClock = b.nanoClock;
    this.intervalNanos = b.mode == Mode.IN_PLACE ? 100_000_000L : 5_000_000_000L;
    this.columns = b.columns;
    this.color = b.color && b.mode == Mode.IN_PLACE;
    this.barWidth = b.barWidth;
    this.inFlight = b.inFlight;
    this.elapsed = b.elapsed;
    this.total = b.total;
    this.startNanos = nanoClock.getAsLong();
    this.started = b.total > 0;
    if (b.refresh != null && mode == Mode.IN_PLACE) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgmob-progress");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(10, b.refresh.toMillis());
      ticker.scheduleAtFixedRate(() -> draw(true), ms, ms, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /**
   * Draws on standard error: in place (fitted to its width, coloured unless {@code NO_COLOR} is
   * set) when standard error is a terminal, else a plain line every 5 seconds.
   *
   * @return the progress listener
   */
  public static ConsoleProgress stderr() {
    boolean terminal = Terminal.stderrIsTerminal();
    return builder(System.err).mode(terminal ? Mode.IN_PLACE : Mode.LINES)
        .columns(Terminal.stderrColumns(System::getenv, terminal))
        .color(Terminal.color(System::getenv, terminal)).build();
  }

  /**
   * A bar drawing on {@code out}; by default in place, 20 characters wide, no width limit, no colour.
   *
   * @param out where to draw
   * @return the builder
   */
  public static Builder builder(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return new Builder(out::print, out::flush);
  }

  /**
   * A bar drawing on {@code out}; by default in place, 20 characters wide, no width limit, no colour.
   *
   * @param out where to draw
   * @return the builder
   */
  public static Builder builder(PrintWriter out) {
    Objects.requireNonNull(out, "out");
    return new Builder(out::print, out::flush);
  }

  @Override
  public synchronized void started(String label, int total) {
    if (!started) {
      startNanos = nanoClock.getAsLong();
      started = true;
    }
    this.label = label;
    this.total += total;
    draw(true);
  }

  @Override
  public void finished(ClusterResult<?> result) {
    boolean last;
    synchronized (this) {
      outcomes[result.outcome().ordinal()]++;
      last = done() >= total;
    }
    draw(last);
  }

  @Override
  public synchronized void ended(String label) {
    draw(true);
    endLine();
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

  /**
   * A word shown before the bar, such as the current wave; redraws.
   *
   * @param phase the word, for example {@code wave 2/4}
   */
  public void phase(String phase) {
    synchronized (this) {
      this.phase = Objects.requireNonNull(phase, "phase");
    }
    draw(true);
  }

  /** Stops drawing (ending the current line) while something else talks on the console. */
  public synchronized void pause() {
    endLine();
    paused = true;
  }

  /** Draws again after {@link #pause()}. */
  public void resume() {
    synchronized (this) {
      paused = false;
    }
    draw(true);
  }

  /** Draws the last state, ends the line and stops drawing (and the refresh, if any). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    draw(true);
    endLine();
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  private synchronized void message(String text) {
    if (mode == Mode.OFF) {
      return;
    }
    if (mode == Mode.IN_PLACE && lastLength > 0) {
      out.accept("\r" + " ".repeat(lastLength) + "\r");
    }
    out.accept(text + System.lineSeparator());
    lastLength = 0;
    draw(true);
  }

  private void endLine() {
    if (mode == Mode.IN_PLACE && lastLength > 0) {
      out.accept(System.lineSeparator());
      flush.run();
    }
    lastLength = 0;
  }

  private int done() {
    int d = 0;
    for (int n : outcomes) {
      d += n;
    }
    return d;
  }

  /** {@return the current line, without control characters, fitted to the width} */
  public synchronized String line() {
    return render(false);
  }

  private String render(boolean colored) {
    int d = done();
    int t = Math.max(total, d);
    long now = nanoClock.getAsLong();
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = d / seconds;
    String count = String.valueOf(d);
    String totalText = String.valueOf(t);
    List<Field> fields = new ArrayList<>();
    if (!phase.isEmpty()) {
      fields.add(new Field(phase, 2, "", " "));
    }
    fields.add(new Field(null, 0, "", ""));  // the bar
    fields.add(new Field(" ".repeat(Math.max(0, totalText.length() - count.length())) + count + "/" + t, 0, " ", ""));
    fields.add(new Field("ok " + outcomes[Outcome.SUCCEEDED.ordinal()], 1, "  ", ""));
    fields.add(new Field("unchanged " + outcomes[Outcome.UNCHANGED.ordinal()], 5, "  ", ""));
    fields.add(new Field("failed " + outcomes[Outcome.FAILED.ordinal()], 0, "  ", ""));
    fields.add(new Field("skipped " + outcomes[Outcome.SKIPPED.ordinal()], 7, "  ", ""));
    if (inFlight != null) {
      fields.add(new Field("in flight " + inFlight.getAsInt(), 4, "  ", ""));
    }
    fields.add(new Field(String.format(Locale.ROOT, "%.1f/s", rate), 8, "  ", ""));
    if (elapsed) {
      Duration el = Duration.ofNanos(Math.max(0, now - startNanos));
      fields.add(new Field(String.format(Locale.ROOT, "%d:%02d", el.toMinutes(), el.toSecondsPart()), 9, "  ", ""));
    }
    if (d > 0 && d < t) {
      fields.add(new Field("eta " + Math.round((t - d) / rate) + "s", 3, "  ", ""));
    }
    if (!label.isEmpty()) {
      fields.add(new Field(label, 6, "  ", ""));
    }
    return layout(fields, d, t, barWidth, columns, colored && color,
        outcomes[Outcome.FAILED.ordinal()] > 0);
  }

  /**
   * One field of the line: its text (null for the bar), how readily it is dropped when the line
   * does not fit (0: never; the highest goes first), and the separators before and after it.
   */
  record Field(@Nullable String text, int dropOrder, String before, String after) {
    int length(int bar) {
      return before.length() + (text == null ? bar + 2 : text.length()) + after.length();
    }
  }

  /**
   * Lays {@code fields} out in at most {@code columns - 1} characters (0: no limit; the last column
   * is left free so a terminal never wraps): drops fields by {@link Field#dropOrder()}, then
   * narrows the bar, then cuts the line.
   */
  static String layout(List<Field> fields, int done, int total, int barWidth, int columns, boolean color,
      boolean failures) {
    List<Field> kept = new ArrayList<>(fields);
    int bar = barWidth;
    int limit = columns <= 0 ? Integer.MAX_VALUE : Math.max(1, columns - 1);
    while (width(kept, bar) > limit) {
      Field drop = null;
      for (Field f : kept) {
        if (f.dropOrder() > 0 && (drop == null || f.dropOrder() > drop.dropOrder())) {
          drop = f;
        }
      }
      if (drop == null) {
        break;
      }
      kept.remove(drop);
    }
    if (width(kept, bar) > limit) {
      bar = Math.max(MIN_BAR, bar - (width(kept, bar) - limit));
    }
    StringBuilder plain = new StringBuilder();
    StringBuilder painted = new StringBuilder();
    boolean first = true;
    for (Field f : kept) {
      String before = first ? "" : f.before();
      first = false;
      plain.append(before);
      painted.append(before);
      if (f.text() == null) {
        int filled = total == 0 ? 0 : (int) ((long) Math.min(done, total) * bar / total);
        String hashes = "#".repeat(filled);
        String dots = ".".repeat(bar - filled);
        plain.append('[').append(hashes).append(dots).append(']');
        painted.append('[').append(color && filled > 0 ? GREEN + hashes + RESET : hashes).append(dots).append(']');
      } else {
        plain.append(f.text());
        boolean red = color && failures && f.text().startsWith("failed ");
        painted.append(red ? RED + f.text() + RESET : f.text());
      }
      plain.append(f.after());
      painted.append(f.after());
    }
    if (plain.length() > limit) {
      return plain.substring(0, limit).stripTrailing();
    }
    return color ? painted.toString() : plain.toString();
  }

  private static int width(List<Field> fields, int bar) {
    int w = 0;
    boolean first = true;
    for (Field f : fields) {
      w += f.length(bar) - (first ? f.before().length() : 0);
      first = false;
    }
    return w;
  }

  private void draw(boolean force) {
    if (mode == Mode.OFF) {
      return;
    }
    long now = nanoClock.getAsLong();
    synchronized (this) {
      if (closed || paused || (!force && now - lastDraw < intervalNanos)) {
        return;
      }
      lastDraw = now;
      String plain = render(false);
      if (mode == Mode.IN_PLACE) {
        String shown = color ? render(true) : plain;
        out.accept("\r" + shown + (plain.length() < lastLength ? " ".repeat(lastLength - plain.length()) : ""));
        lastLength = plain.length();
      } else {
        out.accept(plain + System.lineSeparator());
      }
      flush.run();
    }
  }

  /** Settings of a {@link ConsoleProgress}. */
  public static final class Builder {
    private final Consumer<String> out;
    private final Runnable flush;
    private Mode mode = Mode.IN_PLACE;
    private LongSupplier nanoClock = System::nanoTime;
    private int columns;
    private boolean color;
    private int barWidth = 20;
    private @Nullable IntSupplier inFlight;
    private boolean elapsed;
    private @Nullable Duration refresh;
    private int total;

    private Builder(Consumer<String> out, Runnable flush) {
      this.out = out;
      this.flush = flush;
    }

    /**
     * How to draw. Default {@link Mode#IN_PLACE}.
     *
     * @param mode how to draw. Default {@link Mode#IN_PLACE}
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The time source. Default {@link System#nanoTime()}.
     *
     * @param nanoClock the time source. Default {@link System#nanoTime()}
     * @return this builder
     */
    public Builder clock(LongSupplier nanoClock) {
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }

    /**
     * The terminal's width: lines are fitted into one column less. Default 0: no limit.
     *
     * @param columns the terminal's width: lines are fitted into one column less. Default 0: no limit
     * @return this builder
     */
    public Builder columns(int columns) {
      if (columns < 0) {
        throw new IllegalArgumentException("columns must be 0 (no limit) or more, not " + columns);
      }
      this.columns = columns;
      return this;
    }

    /**
     * Colour the bar and the failures (in place only). Default false.
     *
     * @param color colour the bar and the failures (in place only). Default false
     * @return this builder
     */
    public Builder color(boolean color) {
      this.color = color;
      return this;
    }

    /**
     * Characters between the brackets when there is room. Default 20.
     *
     * @param barWidth characters between the brackets when there is room. Default 20
     * @return this builder
     */
    public Builder barWidth(int barWidth) {
      if (barWidth < MIN_BAR) {
        throw new IllegalArgumentException("barWidth must be at least " + MIN_BAR + ", not " + barWidth);
      }
      this.barWidth = barWidth;
      return this;
    }

    /**
     * Show "in flight N", the clusters being worked on now (e.g. {@code fleet::inFlight}).
     *
     * @param inFlight show "in flight N", the clusters being worked on now (e.g. {@code fleet::inFlight})
     * @return this builder
     */
    public Builder inFlight(IntSupplier inFlight) {
      this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
      return this;
    }

    /**
     * Show the elapsed time (m:ss). Default false.
     *
     * @param elapsed show the elapsed time (m:ss). Default false
     * @return this builder
     */
    public Builder elapsed(boolean elapsed) {
      this.elapsed = elapsed;
      return this;
    }

    /**
     * Also redraw this often (to move the clock and in-flight count) until {@link #close()}.
     *
     * @param every also redraw this often (to move the clock and in-flight count) until {@link #close()}
     * @return this builder
     */
    public Builder refresh(Duration every) {
      this.refresh = Objects.requireNonNull(every, "every");
      return this;
    }

    /**
     * Clusters known up front (a listener's {@code started} adds to it). Default 0.
     *
     * @param total clusters known up front (a listener's {@code started} adds to it). Default 0
     * @return this builder
     */
    public Builder total(int total) {
      this.total = total;
      return this;
    }

    /** {@return the bar. With {@link #refresh(Duration)}, {@link ConsoleProgress#close()} it when done} */
    public ConsoleProgress build() {
      return new ConsoleProgress(this);
    }
  }
}
