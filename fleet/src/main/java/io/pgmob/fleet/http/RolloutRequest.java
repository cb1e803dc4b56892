package io.pgmob.fleet.http;

import io.pgmob.backup.BackupOptions;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import io.pgmob.fleet.ops.AdminOperations;
import io.pgmob.hba.HbaRule;
import io.pgmob.password.Password;
import io.pgmob.privilege.Grant;
import io.pgmob.role.RoleSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  static final List<String> TYPES = List.of("sql", "rotate-password", "ensure-role", "grant", "hba-add", "hba-remove",
      "backup");

  final String name;
  final String selector;
  final List<Target> targets;
  final FleetOperation<?> operation;
  final String operationDescription;
  final Rollout.Builder rollout;
  final boolean approval;
  final JsonObject policy;

  private RolloutRequest(String name, String selector, List<Target> targets, FleetOperation<?> operation,
      Rollout.Builder rollout, boolean approval, JsonObject policy) {
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
  static RolloutRequest parse(JsonObject body, Inventory inventory, String defaultName) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (String k : body.fieldNames()) {
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
    Object opValue = body.getValue("operation");
    if (!(opValue instanceof JsonObject opJson)) {
      errors.add(new Problem.FieldError("operation", "required: an object with a \"type\", one of " + TYPES));
    } else {
      op = operation(opJson, errors);
    }
    JsonObject policy = new JsonObject();
    Object policyValue = body.getValue("policy");
    if (policyValue != null && !(policyValue instanceof JsonObject)) {
      errors.add(new Problem.FieldError("policy", "must be an object"));
    } else if (policyValue instanceof JsonObject p) {
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

  private static boolean policy(JsonObject p, Rollout.Builder b, List<Problem.FieldError> errors) {
    for (String k : p.fieldNames()) {
      if (!POLICY.contains(k)) {
        errors.add(new Problem.FieldError("policy." + k, "unknown field; expected " + POLICY));
      }
    }
    Object canary = p.getValue("canary");
    if (canary != null) {
      if (canary instanceof Integer i) {
        attempt("policy.canary", errors, () -> b.canary(i));
      } else {
        errors.add(new Problem.FieldError("policy.canary", "must be a whole number of clusters"));
      }
    }
    Object waves = p.getValue("waves");
    if (waves != null) {
      if (waves instanceof JsonArray a && !a.isEmpty()) {
        List<Wave> list = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
          int idx = i;
          Wave w = attempt("policy.waves[" + i + "]", errors, () -> Wave.parse(String.valueOf(a.getValue(idx))));
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

  private static @Nullable String thresholdText(JsonObject p, String key, List<Problem.FieldError> errors) {
    Object v = p.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof String) {
      return String.valueOf(v);
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
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    if (v.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
    }
    throw new InvalidInputException("'" + s + "' is not a duration: use 500ms, 30s, 5m or PT30S");
  }

  private static @Nullable FleetOperation<?> operation(JsonObject o, List<Problem.FieldError> errors) {
    String type = optString(o, "type", errors, "operation.type");
    if (type == null || !TYPES.contains(type)) {
      errors.add(new Problem.FieldError("operation.type", "required, one of " + TYPES));
      return null;
    }
    int before = errors.size();
    switch (type) {
      case "sql": {
        String sql = required(o, "sql", errors);
        return sql == null ? null : attempt("operation.sql", errors, () -> AdminOperations.sql(sql));
      }
      case "rotate-password": {
        String role = required(o, "role", errors);
        Password pw = password(o, errors, true);
        return errors.size() > before || role == null || pw == null ? null
            : attempt("operation.role", errors, () -> AdminOperations.rotatePassword(role, pw));
      }
      case "ensure-role": {
        String role = required(o, "role", errors);
        if (role == null) {
          return null;
        }
        RoleSpec spec = attempt("operation.role", errors, () -> RoleSpec.named(role));
        if (spec == null) {
          return null;
        }
        Boolean login = optBoolean(o, "login", errors, "operation.login");
        Boolean createDb = optBoolean(o, "createdb", errors, "operation.createdb");
        Boolean createRole = optBoolean(o, "createrole", errors, "operation.createrole");
        if (login != null) {
          spec = spec.login(login);
        }
        if (createDb != null) {
          spec = spec.createDb(createDb);
        }
        if (createRole != null) {
          spec = spec.createRole(createRole);
        }
        Object limit = o.getValue("connectionLimit");
        if (limit instanceof Integer i) {
          spec = spec.connectionLimit(i);
        } else if (limit != null) {
          errors.add(new Problem.FieldError("operation.connectionLimit", "must be a whole number"));
        }
        Object member = o.getValue("memberOf");
        if (member instanceof JsonArray a) {
          for (Object m : a) {
            spec = spec.memberOf(String.valueOf(m));
          }
        } else if (member != null) {
          errors.add(new Problem.FieldError("operation.memberOf", "must be an array of role names"));
        }
        Password pw = password(o, errors, false);
        if (pw != null) {
          spec = spec.password(pw);
        }
        RoleSpec done = spec;
        return errors.size() > before ? null : AdminOperations.ensureRole(done);
      }
      case "grant": {
        Object privs = o.getValue("privileges");
        String on = required(o, "on", errors);
        String to = required(o, "to", errors);
        String database = optString(o, "database", errors, "operation.database");
        Boolean revoke = optBoolean(o, "revoke", errors, "operation.revoke");
        Boolean withGrant = optBoolean(o, "withGrantOption", errors, "operation.withGrantOption");
        if (!(privs instanceof JsonArray a) || a.isEmpty()) {
          errors.add(new Problem.FieldError("operation.privileges", "required: an array such as [\"SELECT\"]"));
          return null;
        }
        if (on == null || to == null) {
          return null;
        }
        List<String> names = a.stream().map(String::valueOf).toList();
        Grant g = attempt("operation", errors, () -> Grant.of(AdminOperations.privilegeTarget(on), to,
            AdminOperations.privileges(names)));
        if (g == null || errors.size() > before) {
          return null;
        }
        Grant grant = withGrant != null && withGrant ? g.withGrantOption() : g;
        return attempt("operation.database", errors,
            () -> AdminOperations.grant(grant, database, revoke != null && revoke));
      }
      case "hba-add":
      case "hba-remove": {
        String rule = required(o, "rule", errors);
        if (rule == null) {
          return null;
        }
        HbaRule r = attempt("operation.rule", errors, () -> HbaRule.parse(rule));
        return r == null ? null : type.equals("hba-add") ? AdminOperations.hbaAdd(r) : AdminOperations.hbaRemove(r);
      }
      default: {
        String database = required(o, "database", errors);
        String path = required(o, "path", errors);
        Boolean schemaOnly = optBoolean(o, "schemaOnly", errors, "operation.schemaOnly");
        if (database == null || path == null) {
          return null;
        }
        return attempt("operation", errors, () -> AdminOperations.backup(database, path,
            BackupOptions.builder().schemaOnly(schemaOnly != null && schemaOnly).build()));
      }
    }
  }

  /** A password by reference ({@code passwordRef: "env:NAME" | "file:/path"}), read on the server. */
  private static @Nullable Password password(JsonObject o, List<Problem.FieldError> errors, boolean required) {
    if (o.containsKey("password")) {
      errors.add(new Problem.FieldError("operation.password",
          "plaintext passwords are not accepted; give passwordRef: \"env:NAME\" or \"file:/path\" (read by the server)"));
      return null;
    }
    String ref = optString(o, "passwordRef", errors, "operation.passwordRef");
    if (ref == null) {
      if (required) {
        errors.add(new Problem.FieldError("operation.passwordRef", "required: \"env:NAME\" or \"file:/path\""));
      }
      return null;
    }
    return attempt("operation.passwordRef", errors, () -> Password.plain(Credentials.parse(ref).get()));
  }

  private static @Nullable String required(JsonObject o, String key, List<Problem.FieldError> errors) {
    String v = optString(o, key, errors, "operation." + key);
    if (v == null || v.isBlank()) {
      if (!(o.getValue(key) != null && !(o.getValue(key) instanceof String))) {
        errors.add(new Problem.FieldError("operation." + key, "required"));
      }
      return null;
    }
    return v;
  }

  private static @Nullable String optString(JsonObject o, String key, List<Problem.FieldError> errors) {
    return optString(o, key, errors, key);
  }

  private static @Nullable String optString(JsonObject o, String key, List<Problem.FieldError> errors, String field) {
    Object v = o.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    errors.add(new Problem.FieldError(field, "must be a string"));
    return null;
  }

  private static @Nullable Boolean optBoolean(JsonObject o, String key, List<Problem.FieldError> errors) {
    return optBoolean(o, key, errors, "policy." + key);
  }

  private static @Nullable Boolean optBoolean(JsonObject o, String key, List<Problem.FieldError> errors, String field) {
    Object v = o.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
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
