package io.pgmob.examples.bench;

import java.util.ArrayList;
import java.util.List;

/** A results table printed as aligned text and as Markdown. */
final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(String... cells) {
    rows.add(List.of(cells));
    return this;
  }

  String text() {
    int[] w = new int[headers.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = headers.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, w);
    for (List<String> r : rows) {
      line(sb, r, w);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    sb.append("  ");
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      if (i == 0) {
        sb.append(c).append(" ".repeat(w[i] - c.length()));
      } else {
        sb.append("  ").append(" ".repeat(w[i] - c.length())).append(c);
      }
    }
    sb.append('\n');
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int i = 0; i < headers.size(); i++) {
      sb.append(i == 0 ? "---|" : "---:|");
    }
    sb.append('\n');
    for (List<String> r : rows) {
      sb.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return sb.toString();
  }
}
