package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgmob fleet query} against a real server: it cannot write, and it prints values as PostgreSQL does. */
@PgTest
class QueryCommandIntegrationTests {

  @TempDir
  Path dir;

  private Path inventory(PgServer server, Cluster admin, String db) throws Exception {
    admin.update("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)").block(Duration.ofSeconds(60));
    admin.update("CREATE DATABASE " + db).block(Duration.ofSeconds(60));
    return TestInventory.write(dir, List.of(new TestInventory.Entry(db, server, db, Map.of("env", "test"))));
  }

  @Test
  void aWriteGivenToQueryChangesNothingExits64AndPointsToRollout(PgServer server, Cluster admin) throws Exception {
    String inv = inventory(server, admin, "cliq_ro").toString();

    CliRun create = CliRun.run("fleet", "query", "-i", inv, "CREATE TABLE cliq_ro_t (x int)");

    assertThat(create.exitCode()).as(create.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(create.err()).as(create.toString())
        .contains("read-only transaction", "25006", "'fleet query' runs read-only and changed nothing",
            "pgmob fleet rollout --sql");
    assertThat(TestClusters.tableExists(server, "cliq_ro", "cliq_ro_t")).isFalse();

    CliRun read = CliRun.run("fleet", "query", "-i", inv, "SELECT 1 AS one");
    assertThat(read.exitCode()).as(read.toString()).isZero();
  }

  /** Expressions whose rendering is compared with the server's own text output of the same value. */
  private static final List<String> VALUES = List.of(
      "'{\"b\": [1, 2.5, null], \"a\": {\"c\": \"x y\"}}'::jsonb",
      "'{\"k\":  1}'::json",
      "'\\x00ff10'::bytea",
      "''::bytea",
      "interval '1 year 2 months 3 days 04:05:06.5'",
      "interval '-1 year -2 months +3 days -04:05:06'",
      "interval '36 hours'",
      "interval '0'",
      "interval '-3 days'",
      "interval '1 day -00:00:01'",
      "interval '2 mons 00:00:00.000123'",
      "ARRAY['a', 'b c', NULL, 'x\"y', '', 'null', 'back\\slash', '{}', 'comma,']::text[]",
      "ARRAY[[1, 2], [3, NULL]]::int[]",
      "ARRAY['\\x01'::bytea]",
      "ARRAY['{\"a\": 1}'::jsonb]",
      "'2024-01-02 03:04:05.5'::timestamp",
      "'04:05:06.25'::time",
      "12.50::numeric",
      "'2024-02-29'::date",
      "'plain'::text");

  @Test
  void valuesArePrintedAsPsqlPrintsThemAndAsJsonValues(PgServer server, Cluster admin) throws Exception {
    String inv = inventory(server, admin, "cliq_render").toString();
    List<String> cols = new ArrayList<>();
    for (int i = 0; i < VALUES.size(); i++) {
      cols.add(VALUES.get(i) + " AS v" + i + ", (" + VALUES.get(i) + ")::text AS t" + i);
    }
    String sql = "SELECT " + String.join(", ", cols);

    CliRun csv = CliRun.run("fleet", "query", "-i", inv, "-o", "csv", sql);
    assertThat(csv.exitCode()).as(csv.toString()).isZero();
    List<List<String>> rows = Csv.parse(csv.out());
    assertThat(rows).hasSize(2);
    List<String> header = rows.get(0);
    List<String> row = rows.get(1);
    for (int i = 0; i < VALUES.size(); i++) {
      String shown = row.get(header.indexOf("v" + i));
      String byServer = row.get(header.indexOf("t" + i));
      assertThat(shown).as(VALUES.get(i)).isEqualTo(byServer);
    }

    CliRun table = CliRun.run("fleet", "query", "-i", inv, "SELECT '\\x00ff'::bytea AS b, interval '1 day 02:00' AS i");
    assertThat(table.out()).as(table.toString()).contains("\\x00ff", "1 day 02:00:00").doesNotContain("java.", "@");

    CliRun json = CliRun.run("fleet", "query", "-i", inv, "-o", "json", sql);
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonObject r = new JsonArray(json.out()).getJsonObject(0);
    assertThat(r.getJsonObject("v0")).isEqualTo(new JsonObject("{\"b\": [1, 2.5, null], \"a\": {\"c\": \"x y\"}}"));
    assertThat(r.getJsonObject("v1")).isEqualTo(new JsonObject().put("k", 1));
    assertThat(r.getString("v2")).isEqualTo("\\x00ff10");
    assertThat(r.getString("v4")).isEqualTo("1 year 2 mons 3 days 04:05:06.5");
    assertThat(r.getJsonArray("v11")).isEqualTo(new JsonArray().add("a").add("b c").addNull().add("x\"y").add("")
        .add("null").add("back\\slash").add("{}").add("comma,"));
    assertThat(r.getJsonArray("v12")).isEqualTo(new JsonArray().add(new JsonArray().add(1).add(2))
        .add(new JsonArray().add(3).addNull()));
    assertThat(json.out()).as("numeric keeps its scale, as a JSON number").contains("\"v17\" : 12.50");
  }

  /** RFC 4180, enough for the tool's own output. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(cell.toString());
          cell.setLength(0);
        } else if (c == '\n') {
          row.add(cell.toString());
          cell.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else if (c != '\r') {
          cell.append(c);
        }
      }
      return rows;
    }
  }
}
