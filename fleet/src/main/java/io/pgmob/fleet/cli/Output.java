package io.pgmob.fleet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.fleet.ops.FleetJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Prints rows as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
final class Output {

  private Output() {}

  static void print(PrintWriter out, CommonOptions.Format format, List<String> columns, List<List<@Nullable Object>> rows) {
    switch (format) {
      case csv -> {
        out.println(String.join(",", columns.stream().map(Output::csv).toList()));
        for (List<@Nullable Object> r : rows) {
          out.println(String.join(",", r.stream().map(v -> csv(text(v))).toList()));
        }
      }
      case json -> {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (List<@Nullable Object> r : rows) {
          ObjectNode o = a.addObject();
          for (int i = 0; i < columns.size(); i++) {
            o.set(columns.get(i), FleetJson.value(r.get(i)));
          }
        }
        out.println(FleetJson.writePretty(a));
      }
      default -> table(out, columns, rows);
    }
    out.flush();
  }

  static void table(PrintWriter out, List<String> columns, List<List<@Nullable Object>> rows) {
    int[] width = new int[columns.size()];
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      width[i] = columns.get(i).length();
    }
    for (List<@Nullable Object> r : rows) {
      List<String> c = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        String t = text(r.get(i)).replace('\n', ' ');
        c.add(t);
        width[i] = Math.max(width[i], t.length());
      }
      cells.add(c);
    }
    out.println(line(columns, width));
    StringBuilder sep = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(sep);
    for (List<String> c : cells) {
      out.println(line(c, width));
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      sb.append(i == 0 ? "" : " | ").append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length()));
    }
    return sb.toString().stripTrailing();
  }

  /** A value as psql shows it (see {@link FleetJson#text}). */
  static String text(@Nullable Object v) {
    return FleetJson.text(v);
  }

  static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
