package io.pgmob.examples.fleet;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.examples.LocalClusters;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A reactive pipeline over a fleet: read some settings on a reference cluster, stream the same
 * settings from every cluster, and keep the ones that differ.
 */
public final class SettingDrift {

  /** A setting whose value on {@code cluster} is not the reference's. */
  public record Drift(String cluster, String setting, @Nullable String expected, @Nullable String actual) {}

  /**
   * The outcome.
   *
   * @param drifts the differing settings, sorted by cluster and setting
   * @param unreachable the clusters that could not be read, with why
   */
  public record Result(List<Drift> drifts, List<String> unreachable) {

    /** Sorts the findings. */
    public Result {
      drifts = drifts.stream().sorted(Comparator.comparing(Drift::cluster).thenComparing(Drift::setting)).toList();
      unreachable = unreachable.stream().sorted().toList();
    }

    /** {@return a table of the drifts, then the clusters not read} */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      drifts.forEach(d -> sb.append(String.format("%-12s %-28s %s (reference: %s)%n", d.cluster(), d.setting(),
          d.actual(), d.expected())));
      sb.append(drifts.size()).append(" settings differ from the reference");
      unreachable.forEach(u -> sb.append("\nnot read: ").append(u));
      return sb.append('\n').toString();
    }
  }

  private static final String SQL = "SELECT name, setting FROM pg_settings WHERE name = ANY($1) ORDER BY name";

  private SettingDrift() {}

  /**
   * Compares {@code settings} on the clusters {@code selector} picks with their values on the
   * target named {@code referenceName}. Fails with {@link InvalidInputException} when there is no
   * such target (or none of the settings exists there), and with the fleet's query error when the
   * reference cannot be read; clusters that cannot be read are listed in the result.
   */
  // snippet: setting-drift
  public static Mono<Result> run(Fleet fleet, String selector, String referenceName, List<String> settings) {
    Object names = settings.toArray(String[]::new);   // one text[] parameter
    Mono<Map<String, String>> reference = fleet.query("name=" + referenceName, SQL, names)
        .collectMap(r -> r.row().getString("name"), r -> r.row().getString("setting"))
        .filter(values -> !values.isEmpty())
        .switchIfEmpty(Mono.error(() -> new InvalidInputException("no reference cluster named " + referenceName)));
    return reference.flatMap(expected -> fleet.run(selector, (Cluster c) -> c.query(SQL, row -> row, names)
            .filter(row -> !Objects.equals(expected.get(row.getString("name")), row.getString("setting")))
            .map(row -> new Drift(c.name(), row.getString("name"), expected.get(row.getString("name")),
                row.getString("setting")))
            .collectList())
        .collectList()
        .map(results -> new Result(
            results.stream().map(ClusterResult::value).filter(Objects::nonNull).flatMap(List::stream).toList(),
            results.stream().filter(r -> !r.isSuccess()).map(r -> r.name() + ": " + r.message()).toList())));
  }
  // end snippet

  /** Starts 4 clusters, changes {@code work_mem} on one, prints the drift from {@code pg-01}. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(4)) {
      Fleet fleet = Fleet.create(local.inventory());
      fleet.run("name=pg-03", (Cluster c) -> c.settings().alter().set("work_mem", "16MB").apply()).blockLast();
      System.out.print(run(fleet, "*", "pg-01", List.of("work_mem", "shared_buffers", "max_connections")).block());
    }
  }
}
