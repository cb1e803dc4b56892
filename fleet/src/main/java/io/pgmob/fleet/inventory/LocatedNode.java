package io.pgmob.fleet.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A YAML/JSON value and where it stood in its file. Jackson's tree model forgets positions, so
 * the operator files (inventories, state files) are read into this small tree instead, and every
 * validation error can point at {@code file:line:column} and the field. Not API: shared by the
 * fleet's file readers.
 *
 * @param value a {@code Map<String, LocatedNode>}, a {@code List<LocatedNode>}, the scalar's text,
 *     or null
 * @param token the token the value started with, so readers can tell {@code "1"} from {@code 1}
 * @param line 1-based line
 * @param column 1-based column
 */
public record LocatedNode(@Nullable Object value, JsonToken token, int line, int column) {

  /** Makes the exception for a problem at a position in a field (line 0: unknown position). */
  @FunctionalInterface
  public interface Problems {
    RuntimeException at(int line, int column, @Nullable String field, String problem);
  }

  /** {@return this mapping's fields, in file order} */
  @SuppressWarnings("unchecked")
  public Map<String, LocatedNode> map() {
    return (Map<String, LocatedNode>) value;
  }

  /** {@return this list's items} */
  @SuppressWarnings("unchecked")
  public List<LocatedNode> list() {
    return (List<LocatedNode>) value;
  }

  /**
   * Reads the value at the parser's current token (which is not null). {@code path} is the field
   * path of that value ({@code ""} for the root); a key that repeats in a mapping is refused
   * through {@code problems}, since YAML and JSON readers would otherwise keep one silently.
   */
  public static LocatedNode read(JsonParser p, String path, Problems problems) throws IOException {
    JsonLocation l = p.currentTokenLocation();
    int line = l.getLineNr();
    int col = l.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, LocatedNode> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          p.nextToken();
          String child = path.isEmpty() ? key : path + "." + key;
          if (m.containsKey(key)) {
            throw problems.at(kl.getLineNr(), kl.getColumnNr(), child, "duplicate field");
          }
          m.put(key, read(p, child, problems));
        }
        return new LocatedNode(m, t, line, col);
      }
      case START_ARRAY -> {
        List<LocatedNode> list = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p, path + "[" + i++ + "]", problems));
        }
        return new LocatedNode(list, t, line, col);
      }
      case VALUE_NULL -> {
        return new LocatedNode(null, t, line, col);
      }
      default -> {
        return new LocatedNode(p.getText(), t, line, col);
      }
    }
  }
}
