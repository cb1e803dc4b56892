package io.pgmob.fleet;

import io.pgmob.session.Row;
import io.pgmob.fleet.inventory.Target;

/**
 * A row of a fleet query, tagged with the cluster it came from.
 *
 * @param target the cluster
 * @param row the row
 */
public record ClusterRow(Target target, Row row) {

  /** {@return the cluster's name} */
  public String cluster() {
    return target.name();
  }
}
