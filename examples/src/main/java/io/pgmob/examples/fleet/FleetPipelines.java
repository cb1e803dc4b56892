package io.pgmob.examples.fleet;

import io.pgmob.Cluster;
import io.pgmob.error.InsufficientPrivilegeException;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.RetryPolicy;
import io.pgmob.fleet.inventory.Inventory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Reactor pipelines of the library guide (docs/library.md): limits on a fleet, fan-out into a
 * slow consumer with backpressure, aggregation of the results, and error handling.
 */
public final class FleetPipelines {

  /** The size of each cluster's database in bytes. */
  static final FleetOperation<Long> DATABASE_SIZE =
      (Cluster c) -> c.scalar("SELECT pg_database_size(current_database())", Long.class);

  private FleetPipelines() {}

  /**
   * A fleet over {@code inventory} that works on at most 16 clusters at once, one session and two
   * operations per second per cluster, 30 seconds per attempt, three attempts for transient errors.
   */
  // snippet: fleet-limits
  public static Fleet limited(Inventory inventory) {
    FleetOptions options = FleetOptions.builder()
        .concurrency(16)                      // clusters worked on at once, across every run of this Fleet
        .perClusterConnections(1)             // sessions open to one cluster at once
        .perClusterRate(2)                    // operations per second against one cluster (retries count)
        .timeout(Duration.ofSeconds(30))      // per attempt; then cancelled on the server, SQLSTATE 57014
        .retry(RetryPolicy.backoff(3, Duration.ofMillis(200)))   // transient failures only
        .build();
    return Fleet.create(inventory, options);
  }
  // end snippet

  /**
   * Streams one line per selected cluster into {@code slowWriter} (which may block) and counts the
   * clusters whose size was read. The engine starts a cluster only when a result was consumed, so
   * a slow writer slows the fan-out instead of filling memory.
   */
  // snippet: fan-out-backpressure
  public static Mono<Long> writeSizes(Fleet fleet, String selector, Consumer<String> slowWriter) {
    return fleet.run(selector, DATABASE_SIZE)
        .limitRate(8)                                      // ask the engine for 8 results at a time
        .concatMap(r -> Mono.fromRunnable(() -> slowWriter.accept(r.name() + "\t"
                + (r.isSuccess() ? r.value() + " bytes" : "failed: " + r.message())))
            .subscribeOn(Schedulers.boundedElastic())      // a blocking writer off the event loops
            .thenReturn(r), 1)                             // one line at a time, in completion order
        .filter(ClusterResult::isSuccess)
        .count();
  }
  // end snippet

  /** The total database size of the selected clusters per value of {@code label}, in bytes. */
  // snippet: aggregate-by-label
  public static Mono<Map<String, Long>> sizeByLabel(Fleet fleet, String selector, String label) {
    return fleet.run(selector, DATABASE_SIZE)
        .filter(ClusterResult::isSuccess)                  // failures are counted elsewhere (see errors)
        .collect(Collectors.groupingBy(
            r -> r.target().labels().getOrDefault(label, "(no " + label + ")"),
            TreeMap::new,
            Collectors.summingLong(ClusterResult::value)));
  }
  // end snippet

  /**
   * Reads the data directory of each selected cluster into {@code found}; where the connecting
   * role may not see it (SQLSTATE 42501: neither superuser nor {@code pg_read_all_settings}) the
   * cluster reports {@code (hidden)} instead of failing. Clusters that fail otherwise are in the
   * report, grouped by SQLSTATE and message.
   */
  // snippet: error-handling
  public static Mono<FleetReport> dataDirectories(Fleet fleet, String selector, Map<String, String> found) {
    FleetOperation<String> dataDirectory = (Cluster c) -> c.scalar("SHOW data_directory", String.class)
        .onErrorResume(InsufficientPrivilegeException.class,   // expected on some clusters: handled there
            e -> Mono.just("(hidden)"));
    return fleet.run(selector, dataDirectory)                  // a failed cluster never ends the stream
        .doOnNext(r -> {
          if (r.isSuccess()) {
            found.put(r.name(), r.value());
          }
        })
        .collectList()
        .map(FleetReport::of);                                 // failures(): SQLSTATE, message, clusters
  }
  // end snippet
}
