package io.pgmob.fleet.ops;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes the control plane and {@code pgmob --output json} share: cluster results,
 * rollout events and reports. Outcomes are lowercase words ({@code succeeded}, {@code failed},
 * {@code skipped}, {@code unchanged}); secrets never appear (plans and errors are redacted by the
 * engine).
 */
public final class FleetJson {

  private FleetJson() {}

  /**
   * An outcome as written in JSON: {@code succeeded}, {@code failed}, {@code skipped}, {@code unchanged}.
   *
   * @param o the outcome
   * @return its JSON name
   */
  public static String outcome(Outcome o) {
    return o.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One cluster's result: {@code cluster, outcome, attempts, elapsedMs, message, sqlState, value,
   * plan} (absent fields are left out).
   *
   * @param r the result
   * @return the JSON object
   */
  public static JsonObject result(ClusterResult<?> r) {
    JsonObject o = new JsonObject().put("cluster", r.name()).put("outcome", outcome(r.outcome()))
        .put("attempts", r.attempts()).put("elapsedMs", r.timings().elapsed().toMillis());
    if (r.message() != null) {
      o.put("message", r.message());
    }
    if (r.sqlState() != null) {
      o.put("sqlState", r.sqlState());
    }
    if (r.value() != null) {
      o.put("value", String.valueOf(r.value()));
    }
    if (r.plan() != null) {
      o.put("plan", new JsonArray(r.plan().statements()));
    }
    return o;
  }

  /**
   * Counts by outcome: {@code {"succeeded":3,"failed":1,...}} (every outcome present).
   *
   * @param report the report
   * @return the JSON object
   */
  public static JsonObject counts(FleetReport report) {
    JsonObject o = new JsonObject();
    for (Outcome outcome : Outcome.values()) {
      o.put(outcome(outcome), report.count(outcome));
    }
    return o;
  }

  /**
   * A rollout event: {@code type} (the record's simple name), {@code rollout} and the event's fields.
   *
   * @param e the event
   * @return the JSON object
   */
  public static JsonObject event(RolloutEvent e) {
    JsonObject o = new JsonObject().put("type", e.getClass().getSimpleName()).put("rollout", e.rollout());
    if (e instanceof RolloutEvent.Started s) {
      o.put("total", s.total()).put("waves", s.waves()).put("alreadyDone", new JsonArray(s.alreadyDone()))
          .put("interrupted", new JsonArray(s.interrupted())).put("dryRun", s.dryRun());
    } else if (e instanceof RolloutEvent.WaveStarted w) {
      o.put("wave", w.wave()).put("clusters", new JsonArray(w.clusters()));
    } else if (e instanceof RolloutEvent.ClusterFinished c) {
      o.put("wave", c.wave()).put("result", result(c.result()));
    } else if (e instanceof RolloutEvent.WaveFinished w) {
      o.put("wave", w.wave()).put("counts", counts(w.report()));
    } else if (e instanceof RolloutEvent.Paused p) {
      o.put("nextWave", p.nextWave()).put("pauseMs", p.pause().toMillis());
    } else if (e instanceof RolloutEvent.AwaitingApproval a) {
      o.put("nextWave", a.nextWave());
    } else if (e instanceof RolloutEvent.Halted h) {
      o.put("reason", h.reason());
    } else if (e instanceof RolloutEvent.Finished f) {
      o.put("report", report(f.report(), false));
    }
    return o;
  }

  /**
   * A rollout report: {@code status} ({@code completed}/{@code halted}), {@code haltReason},
   * {@code dryRun}, {@code counts}, {@code failures} (grouped), {@code alreadyDone}, {@code
   * interrupted}, {@code notStarted}, and with {@code withResults} the per-cluster {@code results}.
   *
   * @param r the report
   * @param withResults whether to include each cluster's result
   * @return the JSON object
   */
  public static JsonObject report(RolloutReport r, boolean withResults) {
    JsonObject o = new JsonObject().put("rollout", r.rollout()).put("status", r.status().name().toLowerCase(Locale.ROOT))
        .put("dryRun", r.dryRun()).put("counts", counts(r.report()));
    if (r.haltReason() != null) {
      o.put("haltReason", r.haltReason());
    }
    JsonArray failures = new JsonArray();
    for (FleetReport.FailureGroup g : r.report().failures()) {
      JsonObject f = new JsonObject().put("message", g.message()).put("clusters", new JsonArray(g.clusters()));
      if (g.sqlState() != null) {
        f.put("sqlState", g.sqlState());
      }
      failures.add(f);
    }
    o.put("failures", failures).put("alreadyDone", new JsonArray(r.alreadyDone()))
        .put("interrupted", new JsonArray(r.interrupted())).put("notStarted", new JsonArray(r.notStarted()));
    if (withResults) {
      JsonArray results = new JsonArray();
      r.results().forEach(x -> results.add(result(x)));
      o.put("results", results);
    }
    return o;
  }

  /**
   * A column value as JSON: strings, numbers and booleans as they are, jsonb/json as the JSON they
   * hold, arrays as JSON arrays, anything else (bytea, intervals, timestamps ...) as the text
   * PostgreSQL prints for it.
   *
   * @param v a value as a row returned it
   * @return the value as JSON: a string, number, boolean, object or array, or null
   */
  public static @Nullable Object value(@Nullable Object v) {
    return io.pgmob.fleet.internal.PgText.json(v);
  }
}
