package io.pgmob.fleet.rollout;

import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.inventory.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to roll an operation out across a fleet: a canary, then waves, thresholds that halt it, an
 * optional pause or approval gate between waves, a durable journal for resuming, and dry run.
 * Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * Rollout rollout = Rollout.builder("rotate-app-password")
 *     .canary(2)                                            // first 2 clusters alone
 *     .waves(Wave.percent(10), Wave.percent(40), Wave.rest())
 *     .maxFailures(Threshold.count(3))                      // overall
 *     .maxFailuresPerWave(Threshold.percent(20))
 *     .pauseBetweenWaves(Duration.ofSeconds(30))
 *     .approval((finished, next) -> askOperator(finished, next))
 *     .journal(Path.of("rotate-app-password.journal"))
 *     .build();
 * RolloutReport report = RolloutReport.from(fleet.rollout(Selector.parse("env=prod"), rollout, op)).block();
 * }</pre>
 *
 * <p>Clusters are taken in inventory order: the canary first, then each wave; the last wave size
 * repeats until every selected cluster is in a wave. Each cluster is worked on under a
 * session-level advisory lock ({@link #LOCK_KEY}) so two rollouts never work on one cluster at
 * once; a cluster locked by another rollout is reported {@link Outcome#SKIPPED}.
 */
public final class Rollout {

  /** The advisory lock key a rollout holds on each cluster while it works on it. */
  public static final long LOCK_KEY = 0x70676d6f62_666cL; // "pgmob" "fl"

  private final String name;
  private final int canary;
  private final List<Wave> waves;
  private final Threshold maxFailures;
  private final Threshold maxFailuresPerWave;
  private final Duration pause;
  private final @Nullable ApprovalGate approval;
  private final boolean dryRun;
  private final @Nullable Path journal;
  private final boolean newJournal;
  private final boolean lock;
  private final RolloutListener listener;

  private Rollout(Builder b) {
    this.name = b.name;
    this.canary = b.canary;
    this.waves = List.copyOf(b.waves);
    this.maxFailures = b.maxFailures;
    this.maxFailuresPerWave = b.maxFailuresPerWave;
    this.pause = b.pause;
    this.approval = b.approval;
    this.dryRun = b.dryRun;
    this.journal = b.journal;
    this.newJournal = b.newJournal;
    this.lock = b.lock;
    this.listener = b.listener;
  }

  /**
   * A builder for a rollout called {@code name} (it names the journal's records).
   *
   * @param name the rollout's name: journal records carry it, and a journal of another name is
   *     refused
   * @return a builder: no canary, one wave, the first failure halts
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return A builder holding this rollout's settings} */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.canary = canary;
    b.waves = new ArrayList<>(waves);
    b.maxFailures = maxFailures;
    b.maxFailuresPerWave = maxFailuresPerWave;
    b.pause = pause;
    b.approval = approval;
    b.dryRun = dryRun;
    b.journal = journal;
    b.newJournal = newJournal;
    b.lock = lock;
    b.listener = listener;
    return b;
  }

  /** {@return this rollout as a dry run (no journal, no lock, no change: each cluster's plan)} */
  public Rollout asDryRun() {
    return toBuilder().dryRun(true).build();
  }

  /** {@return the rollout's name (journal records carry it)} */
  public String name() {
    return name;
  }

  /** {@return clusters in the canary wave (0: none)} */
  public int canary() {
    return canary;
  }

  /**
   * Wave sizes after the canary; the last repeats.
   *
   * @return the wave sizes after the canary; the last repeats
   */
  public List<Wave> waves() {
    return waves;
  }

  /**
   * Failure threshold over the whole rollout.
   *
   * @return the failure threshold over the whole rollout
   */
  public Threshold maxFailures() {
    return maxFailures;
  }

  /**
   * Failure threshold within one wave.
   *
   * @return the failure threshold within one wave
   */
  public Threshold maxFailuresPerWave() {
    return maxFailuresPerWave;
  }

  /** {@return the pause between waves (zero: none)} */
  public Duration pauseBetweenWaves() {
    return pause;
  }

  /** {@return the approval gate asked before each wave after the first, if any} */
  public @Nullable ApprovalGate approval() {
    return approval;
  }

  /** {@return whether this is a dry run} */
  public boolean dryRun() {
    return dryRun;
  }

  /** {@return the journal file, if any} */
  public @Nullable Path journal() {
    return journal;
  }

  /** {@return whether an existing journal is moved aside and a new one started (see {@link Builder#newJournal})} */
  public boolean newJournal() {
    return newJournal;
  }

  /** {@return whether the per-cluster advisory lock is taken} */
  public boolean lock() {
    return lock;
  }

  /** {@return the listener told about every event} */
  public RolloutListener listener() {
    return listener;
  }

  /**
   * Splits {@code targets} (in order) into waves: the canary, then the wave sizes, the last one
   * repeated.
   *
   * @param targets the selected clusters, in order
   * @return the waves, the canary first; none empty
   */
  public List<List<Target>> plan(List<Target> targets) {
    List<List<Target>> out = new ArrayList<>();
    int total = targets.size();
    int i = 0;
    if (canary > 0 && total > 0) {
      int n = Math.min(canary, total);
      out.add(targets.subList(0, n));
      i = n;
    }
    int w = 0;
    while (i < total) {
      Wave wave = waves.isEmpty() ? Wave.rest() : waves.get(Math.min(w, waves.size() - 1));
      int n = (int) Math.min((long) wave.size(total), total - i);
      out.add(targets.subList(i, i + n));
      i += n;
      w++;
    }
    return out;
  }

  @Override
  public String toString() {
    return "Rollout[" + name + (dryRun ? ", dry run" : "") + ", canary=" + canary + ", waves=" + waves
        + ", maxFailures=" + maxFailures + ", maxFailuresPerWave=" + maxFailuresPerWave
        + (pause.isZero() ? "" : ", pause=" + pause) + (approval != null ? ", approval gate" : "")
        + (journal != null ? ", journal=" + journal : "") + "]";
  }

  /** Builder for {@link Rollout}. */
  public static final class Builder {
    private final String name;
    private int canary;
    private List<Wave> waves = new ArrayList<>();
    private Threshold maxFailures = Threshold.count(0);
    private Threshold maxFailuresPerWave = Threshold.none();
    private Duration pause = Duration.ZERO;
    private @Nullable ApprovalGate approval;
    private boolean dryRun;
    private @Nullable Path journal;
    private boolean newJournal;
    private boolean lock = true;
    private RolloutListener listener = RolloutListener.none();

    private Builder(String name) {
      if (name == null || name.isBlank() || name.chars().anyMatch(c -> c < 0x20)) {
        throw new InvalidInputException("a rollout needs a name without control characters");
      }
      this.name = name;
    }

    /**
     * The first {@code n} clusters run alone as wave 0. Default 0 (no canary).
     *
     * @param n the first {@code n} clusters run alone as wave 0. Default 0 (no canary)
     * @return this builder
     */
    public Builder canary(int n) {
      if (n < 0) {
        throw new InvalidInputException("canary must be >= 0, got " + n);
      }
      this.canary = n;
      return this;
    }

    /**
     * Wave sizes after the canary; the last repeats. Default: one wave of the rest.
     *
     * @param waves the sizes, as counts, percentages or {@link Wave#rest()}
     * @return this builder
     */
    public Builder waves(Wave... waves) {
      return waves(List.of(waves));
    }

    /**
     * Wave sizes after the canary; the last repeats.
     *
     * @param waves the sizes, as counts, percentages or {@link Wave#rest()}
     * @return this builder
     * @throws InvalidInputException when {@link Wave#rest()} is not the last size (it takes every
     *     remaining cluster, so nothing could follow it)
     */
    public Builder waves(List<Wave> waves) {
      List<Wave> copy = List.copyOf(waves);
      for (int i = 0; i < copy.size() - 1; i++) {
        if (copy.get(i).isRest()) {
          throw new InvalidInputException("wave sizes " + copy + ": 'rest' takes every remaining cluster, so it"
              + " can only be the last size (e.g. 10%,rest)");
        }
      }
      this.waves = new ArrayList<>(copy);
      return this;
    }

    /**
     * Halt when failures over the whole rollout pass this. Default {@code count(0)}: the first failure halts.
     *
     * @param t halt when failures over the whole rollout pass this. Default {@code count(0)}: the first failure halts
     * @return this builder
     */
    public Builder maxFailures(Threshold t) {
      this.maxFailures = Objects.requireNonNull(t, "threshold");
      return this;
    }

    /**
     * Halt when failures within one wave pass this. Default none.
     *
     * @param t halt when failures within one wave pass this. Default none
     * @return this builder
     */
    public Builder maxFailuresPerWave(Threshold t) {
      this.maxFailuresPerWave = Objects.requireNonNull(t, "threshold");
      return this;
    }

    /**
     * Wait this long between waves. Default zero.
     *
     * @param pause wait this long between waves. Default zero
     * @return this builder
     */
    public Builder pauseBetweenWaves(Duration pause) {
      if (pause.isNegative()) {
        throw new InvalidInputException("pause must not be negative, got " + pause);
      }
      this.pause = pause;
      return this;
    }

    /**
     * Ask this gate before each wave after the first; false halts. Default: none.
     *
     * @param gate ask this gate before each wave after the first; false halts. Default: none
     * @return this builder
     */
    public Builder approval(@Nullable ApprovalGate gate) {
      this.approval = gate;
      return this;
    }

    /**
     * Plan only: each cluster's plan, nothing changed, no journal, no lock. Default false.
     *
     * @param dryRun plan only: each cluster's plan, nothing changed, no journal, no lock. Default false
     * @return this builder
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * Append each cluster's start and outcome to this file (JSON lines, fsync per record). If it
     * already holds records of this rollout and of the same operation (its {@link
     * io.pgmob.fleet.FleetOperation#identity()}, inputs and secrets included), the rollout resumes: finished
     * clusters are not run again, those whose effect is unknown are reconciled first. A journal of
     * another rollout or operation is refused (see {@link #newJournal}). Default: no journal.
     *
     * @param journal the journal file; null for none
     * @return this builder
     */
    public Builder journal(@Nullable Path journal) {
      this.journal = journal;
      return this;
    }

    /**
     * Start a new journal even if the file holds one: the existing file is moved aside to {@code
     * <file>.replaced-<UTC time>} and every selected cluster runs again. This is how to run an
     * operation whose journal was refused as another operation's (for example a second password
     * rotation of the same role). Default false (resume).
     *
     * @param newJournal whether to start a new journal rather than resume
     * @return this builder
     */
    public Builder newJournal(boolean newJournal) {
      this.newJournal = newJournal;
      return this;
    }

    /**
     * Take the per-cluster advisory lock. Default true.
     *
     * @param lock take the per-cluster advisory lock. Default true
     * @return this builder
     */
    public Builder lock(boolean lock) {
      this.lock = lock;
      return this;
    }

    /**
     * Told about every event. Default none.
     *
     * @param listener told about every event. Default none
     * @return this builder
     */
    public Builder listener(RolloutListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the rollout.
     *
     * @return the rollout
     */
    public Rollout build() {
      return new Rollout(this);
    }
  }
}
