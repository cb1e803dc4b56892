package io.pgmob.fleet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.ops.FleetJson;
import io.pgmob.fleet.ops.InvalidRequestException;
import io.pgmob.fleet.ops.OperationRequest;
import io.pgmob.fleet.ops.OperationRequests;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import io.pgmob.password.Password;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A validated "start a rollout" request. Every problem is collected with the field it concerns,
 * so one 422 answer lists them all.
 *
 * <pre>{@code
 * {"name": "add-index", "selector": "env=prod",
 *  "operation": {"type": "sql", "sql": "CREATE INDEX ..."},
 *  "policy": {"canary": 1, "waves": ["25%", "rest"], "maxFailures": "2", "approval": true}}
 * }</pre>
 */
final class RolloutRequest {

  static final Set<String> TOP = Set.of("name", "selector", "operation", "policy");
  static final Set<String> POLICY = Set.of("canary", "waves", "maxFailures", "maxFailuresPerWave", "pause", "approval",
      "dryRun");
  static final List<String> TYPES = OperationRequest.TYPES;

  final String name;
  final String selector;
  final List<Target> targets;
  final FleetOperation<?> operation;
  final String operationDescription;
  final Rollout.Builder rollout;
  final boolean approval;
  final ObjectNode policy;

  private RolloutRequest(String name, String selector, List<Target> targets, FleetOperation<?> operation,
      Rollout.Builder rollout, boolean approval, ObjectNode policy) {
    this.name = name;
    this.selector = selector;
    this.targets = targets;
    this.operation = operation;
    this.operationDescription = operation.describe();
    this.rollout = rollout;
    this.approval = approval;
    this.policy = policy;
  }

  /** Validates {@code body}; throws a 422 {@link Problem} listing every invalid field. */
  static RolloutRequest parse(ObjectNode body, Inventory inventory, String defaultName) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (String k : names(body)) {
      if (!TOP.contains(k)) {
        errors.add(new Problem.FieldError(k, "unknown field; expected " + TOP));
      }
    }
    String name = optString(body, "name", errors);
    if (name == null) {
      name = defaultName;
    }
    String selector = optString(body, "selector", errors);
    List<Target> targets = List.of();
    if (selector == null) {
      errors.add(new Problem.FieldError("selector", "required: a label selector such as \"env=prod\" (\"*\" = all)"));
    } else {
      String sel = selector;
      targets = attempt("selector", errors, () -> inventory.select(Selector.parse(sel)));
      if (targets != null && targets.isEmpty()) {
        errors.add(new Problem.FieldError("selector", "matches none of the " + inventory.size() + " clusters"));
      }
    }
    FleetOperation<?> op = null;
    JsonNode opValue = value(body, "operation");
    if (!(opValue instanceof ObjectNode opJson)) {
      errors.add(new Problem.FieldError("operation", "required: an object with a \"type\", one of " + TYPES));
    } else {
      op = operation(opJson, errors);
    }
    ObjectNode policy = FleetJson.object();
    JsonNode policyValue = value(body, "policy");
    if (policyValue != null && !(policyValue instanceof ObjectNode)) {
      errors.add(new Problem.FieldError("policy", "must be an object"));
    } else if (policyValue instanceof ObjectNode p) {
      policy = p;
    }
    Rollout.Builder b = null;
    boolean approval = false;
    String n = name;
    b = attempt("name", errors, () -> Rollout.builder(n));
    if (b != null) {
      approval = policy(policy, b, errors);
    }
    if (!errors.isEmpty() || b == null || op == null || targets == null) {
      throw Problem.invalid(errors.isEmpty() ? List.of(new Problem.FieldError("body", "invalid")) : errors);
    }
    return new RolloutRequest(name, selector, targets, op, b, approval, policy);
  }

  private static boolean policy(ObjectNode p, Rollout.Builder b, List<Problem.FieldError> errors) {
    for (String k : names(p)) {
      if (!POLICY.contains(k)) {
        errors.add(new Problem.FieldError("policy." + k, "unknown field; expected " + POLICY));
      }
    }
    JsonNode canary = value(p, "canary");
    if (canary != null) {
      if (canary.isInt()) {
        attempt("policy.canary", errors, () -> b.canary(canary.intValue()));
      } else {
        errors.add(new Problem.FieldError("policy.canary", "must be a whole number of clusters"));
      }
    }
    JsonNode waves = value(p, "waves");
    if (waves != null) {
      if (waves.isArray() && !waves.isEmpty()) {
        List<Wave> list = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
          JsonNode element = waves.get(i);
          String text = element.isTextual() ? element.textValue() : FleetJson.write(element);
          Wave w = attempt("policy.waves[" + i + "]", errors, () -> Wave.parse(text));
          if (w != null) {
            list.add(w);
          }
        }
        b.waves(list);
      } else {
        errors.add(new Problem.FieldError("policy.waves", "must be a non-empty array such as [\"10%\", \"rest\"]"));
      }
    }
    String max = thresholdText(p, "maxFailures", errors);
    if (max != null) {
      Threshold t = attempt("policy.maxFailures", errors, () -> Threshold.parse(max));
      if (t != null) {
        b.maxFailures(t);
      }
    }
    String perWave = thresholdText(p, "maxFailuresPerWave", errors);
    if (perWave != null) {
      Threshold t = attempt("policy.maxFailuresPerWave", errors, () -> Threshold.parse(perWave));
      if (t != null) {
        b.maxFailuresPerWave(t);
      }
    }
    String pause = optString(p, "pause", errors, "policy.pause");
    if (pause != null) {
      Duration d = attempt("policy.pause", errors, () -> parseDuration(pause));
      if (d != null) {
        attempt("policy.pause", errors, () -> b.pauseBetweenWaves(d));
      }
    }
    Boolean dryRun = optBoolean(p, "dryRun", errors);
    if (dryRun != null) {
      b.dryRun(dryRun);
    }
    Boolean approval = optBoolean(p, "approval", errors);
    return approval != null && approval;
  }

  private static @Nullable String thresholdText(ObjectNode p, String key, List<Problem.FieldError> errors) {
    JsonNode v = value(p, key);
    if (v == null) {
      return null;
    }
    if (v.isInt() || v.isTextual()) {
      return v.asText();
    }
    errors.add(new Problem.FieldError("policy." + key, "must be a count (3) or a percentage (\"10%\")"));
    return null;
  }

  static Duration parseDuration(String s) {
    String v = s.strip();
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(io.pgmob.session.Numbers.parseLong(v.substring(0, v.length() - 2), "a duration"));
    }
    if (v.endsWith("s")) {
      return Duration.ofSeconds(io.pgmob.session.Numbers.parseLong(v.substring(0, v.length() - 1), "a duration"));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(io.pgmob.session.Numbers.parseLong(v.substring(0, v.length() - 1), "a duration"));
    }
    throw new InvalidInputException("'" + s + "' is not a duration: use 500ms, 30s, 5m or PT30S");
  }

  /**
   * The operation: bound by {@link OperationRequests#fromJson}, checked and built by {@link
   * OperationRequest#operation} (as the command line does), passwords read on this host.
   */
  private static @Nullable FleetOperation<?> operation(ObjectNode o, List<Problem.FieldError> errors) {
    try {
      return OperationRequests.fromJson(o)
          .operation(ref -> Password.plain(Credentials.parse(ref).get()));
    } catch (InvalidRequestException e) {
      e.errors().forEach(f -> errors.add(new Problem.FieldError("operation." + f.field(), f.message())));
      return null;
    }
  }

  private static List<String> names(ObjectNode o) {
    return o.properties().stream().map(java.util.Map.Entry::getKey).toList();
  }

  /** The value of {@code key}; null when absent or JSON {@code null} (both mean "not given"). */
  private static @Nullable JsonNode value(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private static @Nullable String optString(ObjectNode o, String key, List<Problem.FieldError> errors) {
    return optString(o, key, errors, key);
  }

  private static @Nullable String optString(ObjectNode o, String key, List<Problem.FieldError> errors, String field) {
    JsonNode v = value(o, key);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    errors.add(new Problem.FieldError(field, "must be a string"));
    return null;
  }

  private static @Nullable Boolean optBoolean(ObjectNode o, String key, List<Problem.FieldError> errors) {
    return optBoolean(o, key, errors, "policy." + key);
  }

  private static @Nullable Boolean optBoolean(ObjectNode o, String key, List<Problem.FieldError> errors, String field) {
    JsonNode v = value(o, key);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    errors.add(new Problem.FieldError(field, "must be true or false"));
    return null;
  }

  private static <T> @Nullable T attempt(String field, List<Problem.FieldError> errors, Supplier<T> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      errors.add(new Problem.FieldError(field, e.getMessage() != null ? e.getMessage() : e.toString()));
      return null;
    }
  }
}
