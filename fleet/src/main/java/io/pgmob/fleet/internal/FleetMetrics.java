package io.pgmob.fleet.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pgmob.fleet.Outcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's Micrometer meters, declared once and built once per fleet (never per call). Without
 * a registry every method is a no-op on plain counters.
 *
 * <ul>
 *   <li>{@code pgmob.fleet.operations} (timer, tag {@code outcome}): one per finished cluster</li>
 *   <li>{@code pgmob.fleet.in.flight} (gauge): clusters being worked on now</li>
 *   <li>{@code pgmob.fleet.connections} (gauge): sessions open now</li>
 *   <li>{@code pgmob.fleet.retries} (counter): attempts repeated after a transient failure</li>
 *   <li>{@code pgmob.fleet.rate.limit.waits} (timer): each wait for a per-cluster rate token</li>
 * </ul>
 */
public final class FleetMetrics {

  public static final String OPERATIONS = "pgmob.fleet.operations";
  public static final String IN_FLIGHT = "pgmob.fleet.in.flight";
  public static final String CONNECTIONS = "pgmob.fleet.connections";
  public static final String RETRIES = "pgmob.fleet.retries";
  public static final String RATE_LIMIT_WAITS = "pgmob.fleet.rate.limit.waits";

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final @Nullable Map<Outcome, Timer> operations;
  private final @Nullable Counter retries;
  private final @Nullable Timer rateLimitWaits;

  public FleetMetrics(@Nullable MeterRegistry registry) {
    if (registry == null) {
      operations = null;
      retries = null;
      rateLimitWaits = null;
      return;
    }
    Map<Outcome, Timer> m = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      m.put(o, Timer.builder(OPERATIONS).description("Operations finished on one cluster, by outcome")
          .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
    }
    operations = m;
    Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).description("Clusters being worked on now")
        .register(registry);
    Gauge.builder(CONNECTIONS, connections, AtomicInteger::get).description("Sessions open to clusters now")
        .register(registry);
    retries = Counter.builder(RETRIES).description("Attempts repeated after a transient failure").register(registry);
    rateLimitWaits = Timer.builder(RATE_LIMIT_WAITS).description("Waits for a per-cluster rate-limit token")
        .register(registry);
  }

  public void started() {
    inFlight.incrementAndGet();
  }

  public void ended() {
    inFlight.decrementAndGet();
  }

  public void finished(Outcome outcome, Duration elapsed) {
    if (operations != null) {
      operations.get(outcome).record(elapsed);
    }
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void retried() {
    if (retries != null) {
      retries.increment();
    }
  }

  public void rateLimitWaited(Duration waited) {
    if (rateLimitWaits != null && !waited.isZero()) {
      rateLimitWaits.record(waited);
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int connections() {
    return connections.get();
  }
}
