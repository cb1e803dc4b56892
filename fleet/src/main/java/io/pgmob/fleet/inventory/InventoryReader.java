package io.pgmob.fleet.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pgmob.session.SslMode;
import io.pgmob.error.PgmobException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads inventory YAML/JSON into targets. Parses into a small tree that remembers each value's
 * line and column (Jackson's tree model forgets them), so every validation error can point at
 * the field.
 */
final class InventoryReader {

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final Set<String> TARGET_FIELDS = Set.of("name", "host", "port", "database", "user", "password",
      "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "sslnegotiation", "application_name", "connect_timeout", "become", "options", "labels");

  private InventoryReader() {}

  static List<Target> read(String text, String source) {
    LocatedNode root;
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new InventoryException(source, 1, 1, null, "the inventory is empty");
      }
      root = LocatedNode.read(p, "", (line, column, field, problem) ->
          new InventoryException(source, line, column, field, problem));
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new InventoryException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), null,
          "not valid YAML/JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InventoryException(source, 0, 0, null, "cannot parse: " + e.getMessage());
    }
    if (!(root.value() instanceof Map)) {
      throw err(source, root, null, "the inventory must be a mapping with a 'targets' list");
    }
    Map<String, LocatedNode> top = root.map();
    for (Map.Entry<String, LocatedNode> e : top.entrySet()) {
      if (!e.getKey().equals("targets") && !e.getKey().equals("defaults")) {
        throw err(source, e.getValue(), e.getKey(), "unknown field (expected 'defaults' or 'targets')");
      }
    }
    Map<String, LocatedNode> defaults = Map.of();
    LocatedNode d = top.get("defaults");
    if (d != null) {
      defaults = mapOf(source, d, "defaults");
      for (Map.Entry<String, LocatedNode> e : defaults.entrySet()) {
        if (!TARGET_FIELDS.contains(e.getKey()) || e.getKey().equals("name")) {
          throw err(source, e.getValue(), "defaults." + e.getKey(), "unknown field");
        }
      }
    }
    LocatedNode targetsNode = top.get("targets");
    if (targetsNode == null) {
      throw err(source, root, "targets", "missing (a list of targets)");
    }
    if (!(targetsNode.value() instanceof List)) {
      throw err(source, targetsNode, "targets", "must be a list");
    }
    List<Target> targets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (LocatedNode t : targetsNode.list()) {
      String path = "targets[" + i + "]";
      Map<String, LocatedNode> fields = mapOf(source, t, path);
      Target target = target(source, path, t, fields, defaults);
      if (!names.add(target.name())) {
        throw err(source, fields.get("name"), path + ".name", "duplicate target name '" + target.name() + "'");
      }
      targets.add(target);
      i++;
    }
    return targets;
  }

  private static Target target(String source, String path, LocatedNode node, Map<String, LocatedNode> fields,
      Map<String, LocatedNode> defaults) {
    for (Map.Entry<String, LocatedNode> e : fields.entrySet()) {
      if (!TARGET_FIELDS.contains(e.getKey())) {
        throw err(source, e.getValue(), path + "." + e.getKey(), "unknown field (expected one of "
            + new java.util.TreeSet<>(TARGET_FIELDS) + ")");
      }
    }
    Map<String, LocatedNode> all = new LinkedHashMap<>(defaults);
    all.putAll(fields);
    String name = required(source, path, node, all, "name");
    Target.Builder b;
    try {
      b = Target.builder(name);
    } catch (PgmobException e) {
      throw err(source, all.get("name"), path + ".name", e.reason());
    }
    for (Map.Entry<String, LocatedNode> e : all.entrySet()) {
      String key = e.getKey();
      LocatedNode v = e.getValue();
      String field = (fields.containsKey(key) ? path : "defaults") + "." + key;
      try {
        switch (key) {
          case "name" -> { }
          case "host" -> b.host(scalar(source, v, field));
          case "port" -> b.port(integer(source, v, field));
          case "database" -> b.database(scalar(source, v, field));
          case "user" -> b.user(scalar(source, v, field));
          case "password" -> b.credentials(Credentials.parse(scalar(source, v, field)));
          case "sslmode" -> b.sslMode(sslMode(source, v, field));
          case "sslrootcert" -> b.sslRootCert(java.nio.file.Path.of(scalar(source, v, field)));
          case "sslcert" -> b.sslCert(java.nio.file.Path.of(scalar(source, v, field)));
          case "sslkey" -> b.sslKey(java.nio.file.Path.of(scalar(source, v, field)));
          case "sslpassword" -> b.sslPassword(Credentials.parse(scalar(source, v, field)));
          case "sslnegotiation" -> {
            if (!"postgres".equals(scalar(source, v, field))) {
              throw err(source, v, field, "only 'postgres' is supported ('direct' is not offered by both wire drivers)");
            }
          }
          case "application_name" -> b.applicationName(scalar(source, v, field));
          case "connect_timeout" -> b.connectTimeout(Duration.ofSeconds(integer(source, v, field)));
          case "become" -> b.become(scalar(source, v, field));
          case "options" -> mapOf(source, v, field).forEach((k, o) -> b.option(k, scalar(source, o, field + "." + k)));
          case "labels" -> {
            Map<String, LocatedNode> labels = new LinkedHashMap<>();
            if (fields.containsKey("labels") && defaults.containsKey("labels")) {
              labels.putAll(mapOf(source, defaults.get("labels"), "defaults.labels"));
            }
            labels.putAll(mapOf(source, v, field));
            labels.forEach((k, l) -> {
              try {
                io.pgmob.fleet.inventory.Selector.checkLabelKey(k);
              } catch (PgmobException pe) {
                throw err(source, l, field + "." + k, pe.reason());
              }
              b.label(k, scalar(source, l, field + "." + k));
            });
          }
          default -> throw err(source, v, field, "unknown field");
        }
      } catch (InventoryException ie) {
        throw ie;
      } catch (PgmobException pe) {
        throw err(source, v, field, pe.reason());
      }
    }
    if (!all.containsKey("host")) {
      throw err(source, node, path + ".host", "missing (required)");
    }
    if (!all.containsKey("user")) {
      throw err(source, node, path + ".user", "missing (required here or in defaults)");
    }
    try {
      return b.build();
    } catch (PgmobException pe) {
      throw err(source, node, path, pe.reason());
    }
  }

  private static String required(String source, String path, LocatedNode node, Map<String, LocatedNode> m, String key) {
    LocatedNode v = m.get(key);
    if (v == null) {
      throw err(source, node, path + "." + key, "missing (required)");
    }
    return scalar(source, v, path + "." + key);
  }

  private static SslMode sslMode(String source, LocatedNode v, String field) {
    String s = scalar(source, v, field);
    try {
      return SslMode.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw err(source, v, field, "unknown sslmode '" + s + "' (disable, allow, prefer, require, verify-ca, verify-full)");
    }
  }

  private static int integer(String source, LocatedNode v, String field) {
    String s = scalar(source, v, field);
    try {
      return io.pgmob.session.Numbers.parseInt(s, field);
    } catch (io.pgmob.error.InvalidInputException e) {
      throw err(source, v, field, "must be an integer written with the digits 0-9, got '" + s + "'");
    }
  }

  private static String scalar(String source, LocatedNode v, String field) {
    if (v.value() == null) {
      throw err(source, v, field, "must not be empty");
    }
    if (!(v.value() instanceof String s)) {
      throw err(source, v, field, "must be a single value, not a " + (v.value() instanceof Map ? "mapping" : "list"));
    }
    return s;
  }

  private static Map<String, LocatedNode> mapOf(String source, LocatedNode v, String field) {
    if (!(v.value() instanceof Map)) {
      throw err(source, v, field, "must be a mapping");
    }
    return v.map();
  }

  private static InventoryException err(String source, @Nullable LocatedNode at, @Nullable String field, String problem) {
    return new InventoryException(source, at == null ? 0 : at.line(), at == null ? 0 : at.column(), field, problem);
  }
}
