package io.pgmob.examples.fleet;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.FleetReport;
import io.pgmob.replication.ReplicationSlot;
import io.pgmob.replication.SlotSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A reactive pipeline over a fleet: stream every cluster's replication slots, keep the inactive
 * ones holding back more WAL than a threshold, and report or drop them.
 */
public final class LaggingSlots {

  /** A slot past the threshold. */
  public record LaggingSlot(String cluster, String slot, long lagBytes, boolean dropped) {}

  /**
   * The outcome.
   *
   * @param slots the lagging slots, sorted by cluster and slot
   * @param report the fleet report (clusters that could not be read are failures there)
   */
  public record Result(List<LaggingSlot> slots, FleetReport report) {

    /** Sorts the slots. */
    public Result {
      slots = slots.stream().sorted(Comparator.comparing(LaggingSlot::cluster).thenComparing(LaggingSlot::slot)).toList();
    }

    /** {@return a table of the slots, then the fleet report} */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      slots.forEach(s -> sb.append(String.format("%-12s %-24s %,14d bytes%s%n", s.cluster(), s.slot(), s.lagBytes(),
          s.dropped() ? "  dropped" : "")));
      return sb.append(slots.size()).append(" lagging slots\n").append(report).toString();
    }
  }

  private LaggingSlots() {}

  /** Finds (and with {@code drop}, drops) the inactive slots lagging more than {@code maxLagBytes}. */
  // snippet: lagging-slots
  public static Mono<Result> run(Fleet fleet, String selector, long maxLagBytes, boolean drop) {
    FleetOperation<List<LaggingSlot>> sweep = (Cluster c) -> c.replicationSlots().all()
        .filter(slot -> !slot.isActive() && slot.lagBytes() != null && slot.lagBytes() > maxLagBytes)
        .concatMap(slot -> (drop ? slot.drop() : Mono.<Void>empty())
            .thenReturn(new LaggingSlot(c.name(), slot.name(), slot.lagBytes(), drop)))
        .collectList();
    return fleet.run(selector, sweep)
        .collectList()
        .map(results -> new Result(
            results.stream().map(ClusterResult::value).filter(Objects::nonNull).flatMap(List::stream).toList(),
            FleetReport.of(results)));
  }
  // end snippet

  /** Starts 3 clusters with a slot each, makes two of them lag, reports, then drops the lagging ones. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(3)) {
      Fleet fleet = Fleet.create(local.inventory());
      fleet.run("*", (Cluster c) -> c.replicationSlots().create(SlotSpec.physical("standby_1").reserveWal(true))
              .map(ReplicationSlot::name))
          .blockLast();
      fleet.run("region=eu", (Cluster c) -> c.execute("SELECT pg_logical_emit_message(false, 'demo', repeat('x', 4000000))"))
          .blockLast();
      System.out.println(run(fleet, "*", 1_000_000, false).block());
      System.out.println(run(fleet, "*", 1_000_000, true).block());
    }
  }
}
