package io.pgmob.hba;

import io.pgmob.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a logical pg_hba.conf line into fields the way the server does: blanks separate fields,
 * {@code #} starts a comment outside double quotes, a comma (optionally followed by blanks)
 * continues a field's list. Tokens keep their quotes, so {@code "all"} stays distinct from
 * {@code all}.
 */
final class HbaTokenizer {

  private HbaTokenizer() {}

  static List<List<String>> fields(String line) {
    List<List<String>> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    List<String> current = null;
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      StringBuilder tok = new StringBuilder();
      boolean quoted = false;
      while (i < n) {
        c = line.charAt(i);
        if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' || c == ',')) {
          break;
        }
        if (c == '"') {
          quoted = !quoted;
        }
        tok.append(c);
        i++;
      }
      if (quoted) {
        throw new InvalidInputException("unterminated double quote in pg_hba.conf line: " + line);
      }
      boolean comma = i < n && line.charAt(i) == ',';
      if (comma) {
        i++;
      }
      if (current == null) {
        current = new ArrayList<>();
        fields.add(current);
      }
      current.add(tok.toString());
      if (!comma) {
        current = null;
      } else {
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
          i++;
        }
      }
    }
    for (List<String> f : fields) {
      if (f.stream().anyMatch(String::isEmpty)) {
        throw new InvalidInputException("empty list element in pg_hba.conf line: " + line);
      }
    }
    return fields;
  }
}
