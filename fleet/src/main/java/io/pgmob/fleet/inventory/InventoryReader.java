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
      "sslmode", "application_name", "connect_timeout", "become", "options", "labels");

  private InventoryReader() {}

  /** A parsed value and where it was. */
  private record Node(@Nullable Object value, int line, int column) {
    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
      return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
      return (List<Node>) value;
    }
  }

  static List<Target> read(String text, String source) {
    Node root;
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new InventoryException(source, 1, 1, null, "the inventory is empty");
      }
      root = node(p, source, "");
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
    Map<String, Node> top = root.map();
    for (Map.Entry<String, Node> e : top.entrySet()) {
      if (!e.getKey().equals("targets") && !e.getKey().equals("defaults")) {
        throw err(source, e.getValue(), e.getKey(), "unknown field (expected 'defaults' or 'targets')");
      }
    }
    Map<String, Node> defaults = Map.of();
    Node d = top.get("defaults");
    if (d != null) {
      defaults = mapOf(source, d, "defaults");
      for (Map.Entry<String, Node> e : defaults.entrySet()) {
        if (!TARGET_FIELDS.contains(e.getKey()) || e.getKey().equals("name")) {
          throw err(source, e.getValue(), "defaults." + e.getKey(), "unknown field");
        }
      }
    }
    Node targetsNode = top.get("targets");
    if (targetsNode == null) {
      throw err(source, root, "targets", "missing (a list of targets)");
    }
    if (!(targetsNode.value() instanceof List)) {
      throw err(source, targetsNode, "targets", "must be a list");
    }
    List<Target> targets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (Node t : targetsNode.list()) {
      String path = "targets[" + i + "]";
      Map<String, Node> fields = mapOf(source, t, path);
      Target target = target(source, path, t, fields, defaults);
      if (!names.add(target.name())) {
        throw err(source, fields.get("name"), path + ".name", "duplicate target name '" + target.name() + "'");
      }
      targets.add(target);
      i++;
    }
    return targets;
  }

  private static Target target(String source, String path, Node node, Map<String, Node> fields,
      Map<String, Node> defaults) {
    for (Map.Entry<String, Node> e : fields.entrySet()) {
      if (!TARGET_FIELDS.contains(e.getKey())) {
        throw err(source, e.getValue(), path + "." + e.getKey(), "unknown field (expected one of "
            + new java.util.TreeSet<>(TARGET_FIELDS) + ")");
      }
    }
    Map<String, Node> all = new LinkedHashMap<>(defaults);
    all.putAll(fields);
    String name = required(source, path, node, all, "name");
    Target.Builder b;
    try {
      b = Target.builder(name);
    } catch (PgmobException e) {
      throw err(source, all.get("name"), path + ".name", e.reason());
    }
    for (Map.Entry<String, Node> e : all.entrySet()) {
      String key = e.getKey();
      Node v = e.getValue();
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
          case "application_name" -> b.applicationName(scalar(source, v, field));
          case "connect_timeout" -> b.connectTimeout(Duration.ofSeconds(integer(source, v, field)));
          case "become" -> b.become(scalar(source, v, field));
          case "options" -> mapOf(source, v, field).forEach((k, o) -> b.option(k, scalar(source, o, field + "." + k)));
          case "labels" -> {
            Map<String, Node> labels = new LinkedHashMap<>();
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

  private static String required(String source, String path, Node node, Map<String, Node> m, String key) {
    Node v = m.get(key);
    if (v == null) {
      throw err(source, node, path + "." + key, "missing (required)");
    }
    return scalar(source, v, path + "." + key);
  }

  private static SslMode sslMode(String source, Node v, String field) {
    String s = scalar(source, v, field);
    try {
      return SslMode.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw err(source, v, field, "unknown sslmode '" + s + "' (disable, allow, prefer, require, verify-ca, verify-full)");
    }
  }

  private static int integer(String source, Node v, String field) {
    String s = scalar(source, v, field);
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw err(source, v, field, "must be an integer, got '" + s + "'");
    }
  }

  private static String scalar(String source, Node v, String field) {
    if (v.value() == null) {
      throw err(source, v, field, "must not be empty");
    }
    if (!(v.value() instanceof String s)) {
      throw err(source, v, field, "must be a single value, not a " + (v.value() instanceof Map ? "mapping" : "list"));
    }
    return s;
  }

  private static Map<String, Node> mapOf(String source, Node v, String field) {
    if (!(v.value() instanceof Map)) {
      throw err(source, v, field, "must be a mapping");
    }
    return v.map();
  }

  private static InventoryException err(String source, @Nullable Node at, @Nullable String field, String problem) {
    return new InventoryException(source, at == null ? 0 : at.line(), at == null ? 0 : at.column(), field, problem);
  }

  /** Reads the value at the current token, which is not null. */
  private static Node node(JsonParser p, String source, String path) throws IOException {
    JsonLocation l = p.currentTokenLocation();
    int line = l.getLineNr();
    int col = l.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          p.nextToken();
          String child = path.isEmpty() ? key : path + "." + key;
          if (m.containsKey(key)) {
            throw new InventoryException(source, kl.getLineNr(), kl.getColumnNr(), child, "duplicate field");
          }
          m.put(key, node(p, source, child));
        }
        return new Node(m, line, col);
      }
      case START_ARRAY -> {
        List<Node> list = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(node(p, source, path + "[" + i++ + "]"));
        }
        return new Node(list, line, col);
      }
      case VALUE_NULL -> {
        return new Node(null, line, col);
      }
      default -> {
        return new Node(p.getText(), line, col);
      }
    }
  }
}
