package io.pgmob.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The summary of a fleet run: counts by outcome, failures grouped by SQLSTATE and message,
 * latency percentiles and the slowest clusters.
 *
 * <pre>{@code
 * FleetReport report = FleetReport.collect(fleet.run(sel, op)).block();
 * System.out.println(report);   // a readable multi-line summary
 * }</pre>
 *
 * @param total clusters reported
 * @param counts count per outcome (every outcome present, zero when none)
 * @param failures failed clusters grouped by SQLSTATE and message, largest group first
 * @param latency percentiles of the clusters' elapsed time (clusters that ran)
 * @param slowest up to 10 slowest clusters, slowest first
 * @param mayBeUnencrypted the clusters that ran over a connection that may not be encrypted (their
 *     sslmode is disable, allow or prefer), in result order
 */
public record FleetReport(int total, Map<Outcome, Integer> counts, List<FailureGroup> failures, Latency latency,
    List<ClusterResult<?>> slowest, List<String> mayBeUnencrypted) {

  /**
   * Keeps unmodifiable copies of the counts, the failures and the slowest results.
   *
   * @param total clusters reported
   * @param counts count per outcome (every outcome present, zero when none)
   * @param failures failed clusters grouped by SQLSTATE and message, largest group first
   * @param latency percentiles of the clusters' elapsed time (clusters that ran)
   * @param slowest up to 10 slowest clusters, slowest first
   */
  public FleetReport {
    counts = Map.copyOf(counts);
    failures = List.copyOf(failures);
    slowest = List.copyOf(slowest);
    mayBeUnencrypted = List.copyOf(mayBeUnencrypted);
  }

  /**
   * Failed clusters with the same SQLSTATE and message.
   *
   * @param sqlState the SQLSTATE or null
   * @param message the error message (without cluster prefix and statement)
   * @param clusters the names of the clusters
   */
  public record FailureGroup(@Nullable String sqlState, String message, List<String> clusters) {
    /**
     * Keeps an unmodifiable copy of the clusters.
     *
     * @param sqlState the SQLSTATE or null
     * @param message the error message (without cluster prefix and statement)
     * @param clusters the names of the clusters
     */
    public FailureGroup {
      clusters = List.copyOf(clusters);
    }
  }

  /** Latency percentiles (nearest rank), zero when nothing ran. */
  public record Latency(Duration p50, Duration p90, Duration p99, Duration max) {}

  /**
   * Collects a run's results into a report.
   *
   * @param results a run's results
   * @return the report, when the results complete
   */
  public static Mono<FleetReport> collect(Publisher<? extends ClusterResult<?>> results) {
    return Flux.from(results).<ClusterResult<?>>map(r -> r).collectList().map(FleetReport::of);
  }

  /**
   * A report of these results.
   *
   * @param results the results
   * @return the report
   */
  public static FleetReport of(Collection<? extends ClusterResult<?>> results) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
    List<Duration> elapsed = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    for (ClusterResult<?> r : results) {
      counts.merge(r.outcome(), 1, Integer::sum);
      if (r.attempts() > 0 && r.target().mayBeUnencrypted()) {
        plain.add(r.name());
      }
      if (r.outcome() == Outcome.FAILED) {
        groups.computeIfAbsent(java.util.Arrays.asList(r.sqlState(), Objects.toString(r.message(), "unknown")),
            k -> new ArrayList<>()).add(r.name());
      }
      if (r.attempts() > 0) {
        elapsed.add(r.timings().elapsed());
      }
    }
    List<FailureGroup> failures = new ArrayList<>();
    groups.forEach((k, v) -> failures.add(new FailureGroup((String) k.get(0), (String) k.get(1), v)));
    failures.sort(Comparator.comparingInt((FailureGroup g) -> g.clusters().size()).reversed());
    elapsed.sort(null);
    Latency latency = new Latency(rank(elapsed, 0.50), rank(elapsed, 0.90), rank(elapsed, 0.99),
        elapsed.isEmpty() ? Duration.ZERO : elapsed.get(elapsed.size() - 1));
    List<ClusterResult<?>> slowest = results.stream().filter(r -> r.attempts() > 0)
        .sorted(Comparator.comparing((ClusterResult<?> r) -> r.timings().elapsed()).reversed())
        .limit(10).<ClusterResult<?>>map(r -> r).toList();
    return new FleetReport(results.size(), counts, failures, latency, slowest, plain);
  }

  private static Duration rank(List<Duration> sorted, double p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /**
   * How many clusters had this outcome.
   *
   * @param outcome the outcome
   * @return how many clusters had it
   */
  public int count(Outcome outcome) {
    return counts.getOrDefault(outcome, 0);
  }

  /** {@return whether no cluster failed} */
  public boolean isSuccess() {
    return count(Outcome.FAILED) == 0;
  }

  /** A readable multi-line summary. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(total).append(" clusters: ").append(count(Outcome.SUCCEEDED)).append(" succeeded, ")
        .append(count(Outcome.UNCHANGED)).append(" unchanged, ").append(count(Outcome.FAILED)).append(" failed, ")
        .append(count(Outcome.SKIPPED)).append(" skipped\n");
    sb.append("latency p50=").append(latency.p50().toMillis()).append("ms p90=").append(latency.p90().toMillis())
        .append("ms p99=").append(latency.p99().toMillis()).append("ms max=").append(latency.max().toMillis()).append("ms\n");
    for (FailureGroup g : failures) {
      sb.append("failed ").append(g.clusters().size()).append("x ").append(g.sqlState() != null ? "[" + g.sqlState() + "] " : "")
          .append(g.message()).append(": ").append(g.clusters().stream().limit(10).toList())
          .append(g.clusters().size() > 10 ? " ..." : "").append('\n');
    }
    if (!mayBeUnencrypted.isEmpty()) {
      sb.append("not encrypted for sure (sslmode disable/allow/prefer) ").append(mayBeUnencrypted.size()).append(": ")
          .append(mayBeUnencrypted.stream().limit(10).toList()).append(mayBeUnencrypted.size() > 10 ? " ..." : "")
          .append('\n');
    }
    if (!slowest.isEmpty()) {
      sb.append("slowest: ");
      slowest.stream().limit(5).forEach(r -> sb.append(r.name()).append(' ').append(r.timings().elapsed().toMillis()).append("ms  "));
      sb.append('\n');
    }
    return sb.toString();
  }
}
