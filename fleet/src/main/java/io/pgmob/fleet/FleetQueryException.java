package io.pgmob.fleet;

import io.pgmob.error.PgmobException;
import java.util.List;

/**
 * Signalled at the end of a fleet query (after the rows of every cluster that answered) when
 * some clusters failed.
 */
public class FleetQueryException extends PgmobException {

  private final transient List<ClusterResult<?>> failures;

  /** A query failure listing the failed clusters. */
  public FleetQueryException(List<ClusterResult<?>> failures) {
    super(failures.size() + " cluster(s) failed the query: " + failures.stream().limit(5)
        .map(r -> r.name() + " (" + r.message() + ")").toList() + (failures.size() > 5 ? " ..." : ""));
    this.failures = List.copyOf(failures);
  }

  /** {@return the clusters that failed, with their errors} */
  public List<ClusterResult<?>> failures() {
    return failures;
  }
}
