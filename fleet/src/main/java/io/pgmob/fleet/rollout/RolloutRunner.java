package io.pgmob.fleet.rollout;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.internal.Engine;
import io.pgmob.fleet.internal.RunHooks;
import io.pgmob.fleet.inventory.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * One execution of a rollout; what {@link io.pgmob.fleet.Fleet#rollout} subscribes to. Not API:
 * public only so that the fleet facade can start it; use {@code fleet.rollout(...)}.
 *
 * @param <T> the operation's value type
 */
public final class RolloutRunner<T> {

  private final Engine engine;
  private final Rollout rollout;
  private final List<Target> targets;
  private final FleetOperation<T> op;
  private final String name;

  /** Set when a threshold was passed or approval denied (no further cluster starts); its text is final at wave end. */
  private final AtomicReference<@Nullable String> haltReason = new AtomicReference<>();
  /** Clusters whose "started" is journaled and whose outcome is not yet: cancelled if the run is. */
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
  private final List<ClusterResult<?>> results = Collections.synchronizedList(new ArrayList<>());
  /** Set when the run is cancelled, before the clusters in flight are journaled as cancelled. */
  private final java.util.concurrent.atomic.AtomicBoolean cancelling = new java.util.concurrent.atomic.AtomicBoolean();
  private final List<String> notStarted = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger failedOverall = new AtomicInteger();
  private @Nullable RolloutJournal journal;

  private static final String PER_WAVE = new String("per-wave threshold");
  private static final String OVERALL = new String("overall threshold");

  /** A runner of {@code op} over {@code targets} on {@code engine}, in {@code rollout}'s waves. */
  public RolloutRunner(Engine engine, Rollout rollout, List<Target> targets, FleetOperation<T> op) {
    this.engine = engine;
    this.rollout = rollout;
    this.targets = List.copyOf(targets);
    this.op = op;
    this.name = rollout.name();
  }

  /** {@return the rollout's events; each subscription is one execution (with a journal: a resume)} */
  public Flux<RolloutEvent> events() {
    // opening the journal reads and may fsync the file and hashes the operation's identity
    // (a slow, salted digest of its secrets): off the subscriber's thread, which may be an event loop
    Mono<RolloutJournal.State> open = Mono.fromCallable(() -> {
      if (rollout.journal() == null || rollout.dryRun()) {
        return RolloutJournal.State.empty();
      }
      journal = RolloutJournal.open(rollout.journal(), name, op.identity(), rollout.newJournal());
      return journal.state();
    }).subscribeOn(Schedulers.boundedElastic());
    return open.flatMapMany(state -> {
      List<String> selected = targets.stream().map(Target::name).toList();
      List<String> alreadyDone = selected.stream().filter(state.done()::contains).toList();
      List<String> interrupted = selected.stream().filter(state.interrupted()::contains).toList();
      List<List<Target>> waves = rollout.plan(targets);
      Mono<Void> begin = journal == null ? Mono.empty()
          : journal.execution(op.describe(), targets.size(), state.executions() > 0);
      RunHooksFactory hooks = new RunHooksFactory(Set.copyOf(interrupted));
      Flux<RolloutEvent> body = Flux.range(0, waves.size())
          .concatMap(i -> wave(i, waves.get(i), state.done(), hooks, i + 1 < waves.size()));
      return begin.thenMany(Flux.concat(
              Mono.just(new RolloutEvent.Started(name, targets.size(), waves.size(), alreadyDone, interrupted,
                  rollout.dryRun())),
              body,
              Mono.defer(() -> finish(alreadyDone, interrupted))))
          .doOnNext(e -> rollout.listener().onEvent(e));
    }).doFinally(s -> {
      RolloutJournal j = journal;
      if (j == null) {
        return;
      }
      try {
        if (s == SignalType.CANCEL) {
          // the clusters in flight were cancelled, not failed: whether they took effect is unknown,
          // so the next execution reconciles them first (and does not count them as failures).
          // Set before the snapshot: a cluster starting concurrently is either in the snapshot or
          // sees the flag and does not start (its "started" would have no "cancelled" after it)
          cancelling.set(true);
          new java.util.TreeMap<>(inFlight).forEach(j::cancelled);
        }
      } finally {
        j.close();
      }
    });
  }

  private final class RunHooksFactory {
    final Set<String> reconcileFirst;

    RunHooksFactory(Set<String> reconcileFirst) {
      this.reconcileFirst = reconcileFirst;
    }

    RunHooks forWave(int wave) {
      return new RunHooks(rollout.dryRun(), rollout.lock() && !rollout.dryRun() ? Rollout.LOCK_KEY : null,
          () -> haltReason.get() != null,
          // in flight from before its "started" is written: a cancellation at any moment after
          // this records it as cancelled (a "cancelled" that lands first still leaves "started" last)
          t -> journal == null ? Mono.empty() : Mono.defer(() -> {
            inFlight.put(t.name(), wave);
            if (cancelling.get()) {
              inFlight.remove(t.name());
              return Mono.error(new java.util.concurrent.CancellationException("the rollout was cancelled"));
            }
            return journal.started(t.name(), wave);
          }),
          reconcileFirst, name + " wave " + wave);
    }
  }

  private Flux<RolloutEvent> wave(int index, List<Target> wave, Set<String> done, RunHooksFactory hooks,
      boolean more) {
    return Flux.defer(() -> {
      if (haltReason.get() != null) {
        wave.stream().filter(t -> !done.contains(t.name())).forEach(t -> notStarted.add(t.name()));
        return Flux.empty();
      }
      List<Target> toRun = wave.stream().filter(t -> !done.contains(t.name())).toList();
      List<ClusterResult<?>> waveResults = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger failedInWave = new AtomicInteger();
      Flux<RolloutEvent> clusters = engine.run(toRun, op, hooks.forWave(index))
          .concatMap(r -> {
            if (r.outcome() == Outcome.SKIPPED && r.attempts() == 0 && r.error() instanceof Engine.Skipped) {
              notStarted.add(r.name());
              return Mono.empty();
            }
            results.add(r);
            waveResults.add(r);
            if (r.outcome() == Outcome.FAILED && !rollout.dryRun()) {
              int w = failedInWave.incrementAndGet();
              int all = failedOverall.incrementAndGet();
              // stop starting clusters now; the text is written at the end of the wave, from the
              // final counts (clusters in flight still finish and may fail too), so the halt line
              // and the summary count the same failures
              if (rollout.maxFailuresPerWave().exceeded(w, toRun.size())) {
                haltReason.compareAndSet(null, PER_WAVE);
              } else if (rollout.maxFailures().exceeded(all, targets.size())) {
                haltReason.compareAndSet(null, OVERALL);
              }
            }
            Mono<Void> write = journal == null ? Mono.empty() : journal.finished(r, index);
            return write.doOnSuccess(v -> inFlight.remove(r.name()))
                .thenReturn(new RolloutEvent.ClusterFinished(name, index, r));
          });
      Flux<RolloutEvent> end = Flux.defer(() -> {
        RolloutEvent.WaveFinished finished = new RolloutEvent.WaveFinished(name, index,
            FleetReport.of(new ArrayList<>(waveResults)));
        String halt = haltReason.get();
        if (halt == PER_WAVE || halt == OVERALL) {
          int all = failedOverall.get();
          String text = halt == PER_WAVE
              ? "wave " + index + ": " + failedInWave.get() + " of " + toRun.size() + " clusters failed (threshold "
                  + rollout.maxFailuresPerWave() + ")" + (all != failedInWave.get() ? "; " + all + " failed in all" : "")
              : all + " of " + targets.size() + " clusters failed (threshold " + rollout.maxFailures() + ")";
          haltReason.set(text);
          halt = text;
        }
        if (halt != null) {
          Mono<Void> write = journal == null ? Mono.empty() : journal.halted(halt);
          return write.thenMany(Flux.just(finished, new RolloutEvent.Halted(name, halt)));
        }
        if (!more || rollout.dryRun()) {
          return Flux.just(finished);
        }
        Flux<RolloutEvent> pause = rollout.pauseBetweenWaves().isZero() ? Flux.empty()
            : Mono.<RolloutEvent>just(new RolloutEvent.Paused(name, index + 1, rollout.pauseBetweenWaves()))
                .concatWith(Mono.delay(rollout.pauseBetweenWaves(), engine.options().scheduler()).then(Mono.empty()));
        ApprovalGate gate = rollout.approval();
        Flux<RolloutEvent> approval = gate == null ? Flux.empty()
            : Mono.<RolloutEvent>just(new RolloutEvent.AwaitingApproval(name, index + 1))
                .concatWith(gate.approve(finished, index + 1).defaultIfEmpty(false).flatMapMany(ok -> {
                  if (ok) {
                    return Flux.empty();
                  }
                  String reason = "approval for wave " + (index + 1) + " was denied";
                  haltReason.compareAndSet(null, reason);
                  Mono<Void> write = journal == null ? Mono.empty() : journal.halted(reason);
                  return write.thenMany(Flux.just(new RolloutEvent.Halted(name, reason)));
                }));
        return Flux.concat(Flux.just(finished), pause, approval);
      });
      return Flux.concat(Mono.just(new RolloutEvent.WaveStarted(name, index, toRun.stream().map(Target::name).toList())),
          clusters, end);
    });
  }

  private Mono<RolloutEvent> finish(List<String> alreadyDone, List<String> interrupted) {
    String halt = haltReason.get();
    List<ClusterResult<?>> all = new ArrayList<>(results);
    RolloutReport report = new RolloutReport(name, halt == null ? RolloutReport.Status.COMPLETED : RolloutReport.Status.HALTED,
        halt, rollout.dryRun(), all, FleetReport.of(all), alreadyDone, interrupted, new ArrayList<>(notStarted));
    Mono<Void> write = journal == null || halt != null ? Mono.empty() : journal.completed();
    return write.thenReturn(new RolloutEvent.Finished(name, report));
  }
}
