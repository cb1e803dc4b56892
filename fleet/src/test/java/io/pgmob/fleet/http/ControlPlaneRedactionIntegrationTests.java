package io.pgmob.fleet.http;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static io.pgmob.fleet.http.ControlPlaneIntegrationTests.call;
import static io.pgmob.fleet.http.ControlPlaneIntegrationTests.follow;
import static io.pgmob.fleet.http.ControlPlaneIntegrationTests.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** A password written into the SQL of a rollout never comes back out of the API (list, show, events, plans, errors). */
@PgTest
class ControlPlaneRedactionIntegrationTests {

  @Test
  void aPasswordLiteralInRolledOutSqlIsRedactedEverywhereTheStatementIsShown(PgServer server, Cluster admin) throws Exception {
    ControlPlane plane = start(server, admin, "cp_red_", 2, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    String role = "cp_red_role_" + Long.toHexString(System.nanoTime());
    String secret = "Plain-Secret-" + java.util.UUID.randomUUID();
    try {
      String sql = "CREATE ROLE " + role + " LOGIN PASSWORD '" + secret + "'";
      List<String> shown = new ArrayList<>();
      for (boolean dryRun : new boolean[] {true, false}) {
        // applied: the role is cluster-wide, so the second database fails ("already exists") after the first
        String body = new JsonObject().put("selector", "env=test")
            .put("operation", new JsonObject().put("type", "sql").put("sql", sql))
            .put("policy", new JsonObject().put("dryRun", dryRun).put("maxFailures", "100%")).encode();
        JsonObject started = call(plane, "POST", "/api/rollouts", body, 201);
        shown.add(started.encode());
        String id = started.getString("id");
        BlockingQueue<JsonObject> events = follow(plane, "/api/rollouts/" + id + "/events");
        while (true) {
          JsonObject e = events.poll(30, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(e).as("an event within 30 s").isNotNull();
          shown.add(e.encode());
          if ("Finished".equals(e.getString("type"))) {
            break;
          }
        }
        JsonObject one = call(plane, "GET", "/api/rollouts/" + id, null, 200);
        shown.add(one.encode());
        assertThat(one.encode()).contains("PASSWORD '***'");
      }
      shown.add(call(plane, "GET", "/api/rollouts", null, 200).encode());
      assertThat(String.join("\n", shown)).contains(role).doesNotContain(secret);
    } finally {
      plane.close().block(java.time.Duration.ofSeconds(10));
      admin.update("DROP ROLE IF EXISTS " + role).block(TIMEOUT);
    }
  }
}
