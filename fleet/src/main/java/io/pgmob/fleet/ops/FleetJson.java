package io.pgmob.fleet.ops;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutReport;
import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of fleet, on Jackson: the shapes the control plane and {@code pgmob --output json}
 * share (cluster results, rollout events and reports), and the one mapper every part of fleet
 * writes and reads JSON trees with. Outcomes are lowercase words ({@code succeeded}, {@code
 * failed}, {@code skipped}, {@code unchanged}); secrets never appear (plans and errors are
 * redacted by the engine).
 */
public final class FleetJson {

  /** The one mapper fleet writes and reads JSON with (thread-safe once configured). */
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private FleetJson() {}

  /**
   * A new, empty JSON object.
   *
   * @return an empty object node, to fill with {@code put}/{@code set}
   */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * A JSON array of the given strings, in order.
   *
   * @param values the strings
   * @return a new array node holding them
   */
  public static ArrayNode strings(Collection<String> values) {
    ArrayNode a = MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  /**
   * {@code node} as compact JSON text (one line).
   *
   * @param node the tree to write
   * @return its JSON text
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * {@code node} as indented JSON text, two spaces per level ({@code "name" : value}).
   *
   * @param node the tree to write
   * @return its JSON text, over several lines
   */
  public static String writePretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * Reads one JSON value (nothing may follow it). Numbers keep their JSON kind: whole numbers as
   * {@code int}, {@code long} or big integers, fractions as {@code double}.
   *
   * @param text the JSON text
   * @return the value it holds (an object, array, string, number, boolean or null node)
   * @throws InvalidInputException when {@code text} is empty or not valid JSON; the message gives
   *     the line and column, never the text itself (a request body may hold a secret)
   */
  public static JsonNode parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException("not valid JSON: empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidInputException("not valid JSON" + (at == null ? ""
          : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
  }

  /** An outcome as written in JSON: {@code succeeded}, {@code failed}, {@code skipped}, {@code unchanged}. */
  public static String outcome(Outcome o) {
    return o.name().toLowerCase(Locale.ROOT);
  }

  /**
   * One cluster's result: {@code cluster, outcome, attempts, elapsedMs, message, sqlState, value,
   * plan} (absent fields are left out).
   */
  public static ObjectNode result(ClusterResult<?> r) {
    ObjectNode o = object().put("cluster", r.name()).put("outcome", outcome(r.outcome()))
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
      o.set("plan", strings(r.plan().statements()));
    }
    return o;
  }

  /** Counts by outcome: {@code {"succeeded":3,"failed":1,...}} (every outcome present). */
  public static ObjectNode counts(FleetReport report) {
    ObjectNode o = object();
    for (Outcome outcome : Outcome.values()) {
      o.put(outcome(outcome), report.count(outcome));
    }
    return o;
  }

  /** A rollout event: {@code type} (the record's simple name), {@code rollout} and the event's fields. */
  public static ObjectNode event(RolloutEvent e) {
    ObjectNode o = object().put("type", e.getClass().getSimpleName()).put("rollout", e.rollout());
    if (e instanceof RolloutEvent.Started s) {
      o.put("total", s.total()).put("waves", s.waves());
      o.set("alreadyDone", strings(s.alreadyDone()));
      o.set("interrupted", strings(s.interrupted()));
      o.put("dryRun", s.dryRun());
    } else if (e instanceof RolloutEvent.WaveStarted w) {
      o.put("wave", w.wave()).set("clusters", strings(w.clusters()));
    } else if (e instanceof RolloutEvent.ClusterFinished c) {
      o.put("wave", c.wave()).set("result", result(c.result()));
    } else if (e instanceof RolloutEvent.WaveFinished w) {
      o.put("wave", w.wave()).set("counts", counts(w.report()));
    } else if (e instanceof RolloutEvent.Paused p) {
      o.put("nextWave", p.nextWave()).put("pauseMs", p.pause().toMillis());
    } else if (e instanceof RolloutEvent.AwaitingApproval a) {
      o.put("nextWave", a.nextWave());
    } else if (e instanceof RolloutEvent.Halted h) {
      o.put("reason", h.reason());
    } else if (e instanceof RolloutEvent.Finished f) {
      o.set("report", report(f.report(), false));
    }
    return o;
  }

  /**
   * A rollout report: {@code status} ({@code completed}/{@code halted}), {@code haltReason},
   * {@code dryRun}, {@code counts}, {@code failures} (grouped), {@code alreadyDone}, {@code
   * interrupted}, {@code notStarted}, and with {@code withResults} the per-cluster {@code results}.
   */
  public static ObjectNode report(RolloutReport r, boolean withResults) {
    ObjectNode o = object().put("rollout", r.rollout()).put("status", r.status().name().toLowerCase(Locale.ROOT))
        .put("dryRun", r.dryRun());
    o.set("counts", counts(r.report()));
    if (r.haltReason() != null) {
      o.put("haltReason", r.haltReason());
    }
    ArrayNode failures = o.putArray("failures");
    for (FleetReport.FailureGroup g : r.report().failures()) {
      ObjectNode f = failures.addObject().put("message", g.message());
      f.set("clusters", strings(g.clusters()));
      if (g.sqlState() != null) {
        f.put("sqlState", g.sqlState());
      }
    }
    o.set("alreadyDone", strings(r.alreadyDone()));
    o.set("interrupted", strings(r.interrupted()));
    o.set("notStarted", strings(r.notStarted()));
    if (withResults) {
      ArrayNode results = o.putArray("results");
      r.results().forEach(x -> results.add(result(x)));
    }
    return o;
  }

  /**
   * A column value as JSON: strings, numbers and booleans as they are, jsonb/json as the JSON they
   * hold, arrays as JSON arrays, anything else (bytea, intervals, timestamps ...) as the text
   * PostgreSQL prints for it.
   */
  public static JsonNode value(@Nullable Object v) {
    return PgText.json(v);
  }

  /**
   * A column value as psql shows it: null as the empty string, jsonb/json as their text, bytea as
   * {@code \x} and hex, intervals in the {@code postgres} style, arrays as {@code {a,"b c",NULL}}.
   */
  public static String text(@Nullable Object v) {
    return PgText.text(v);
  }
}
