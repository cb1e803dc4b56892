package io.pgmob.fleet;

/**
 * Names of the Micrometer meters a {@link Fleet} registers when {@link
 * FleetOptions.Builder#meterRegistry} is set. Meters are built once per fleet; tags have low
 * cardinality (no cluster names).
 */
public final class FleetMeters {

  /** Timer, tag {@code outcome} (succeeded, failed, skipped, unchanged): one per finished cluster. */
  public static final String OPERATIONS = "pgmob.fleet.operations";
  /** Gauge: clusters being worked on now. */
  public static final String IN_FLIGHT = "pgmob.fleet.in.flight";
  /** Gauge: sessions open to clusters now. */
  public static final String CONNECTIONS = "pgmob.fleet.connections";
  /** Counter: attempts repeated after a transient failure. */
  public static final String RETRIES = "pgmob.fleet.retries";
  /** Timer: each wait for a per-cluster rate-limit token (zero waits are not recorded). */
  public static final String RATE_LIMIT_WAITS = "pgmob.fleet.rate.limit.waits";

  private FleetMeters() {}
}
