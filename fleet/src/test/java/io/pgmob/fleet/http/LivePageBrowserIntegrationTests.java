package io.pgmob.fleet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real headless Chromium (Debian package {@code chromium}): the grid shows every
 * cluster coloured by its outcome, and changes while the page is open, from server-sent events.
 */
@PgTest
class LivePageBrowserIntegrationTests {

  @TempDir
  Path workDir;

  static String cellClass(String cluster) {
    return "(document.querySelector('[data-cluster=\"" + cluster + "\"]') || {}).className";
  }

  static String background(String cluster) {
    return "getComputedStyle(document.querySelector('[data-cluster=\"" + cluster + "\"]')).backgroundColor";
  }

  @Test
  void theGridShowsEachClusterColouredByOutcomeAndUpdatesLive(PgServer server, Cluster admin) throws Exception {
    ControlPlane plane = ControlPlaneIntegrationTests.start(server, admin, "cp_b_", 4,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    try {
      // cp_b_3 fails; the threshold lets the others finish
      String failing = "DO $$ BEGIN IF current_database() = 'cp_b_3' THEN RAISE EXCEPTION 'boom'; END IF; END $$";
      String body = new JsonObject().put("selector", "env=test")
          .put("operation", new JsonObject().put("type", "sql").put("sql", failing))
          .put("policy", new JsonObject().put("maxFailures", "2")).encode();
      String id = ControlPlaneIntegrationTests.call(plane, "POST", "/api/rollouts", body, 201).getString("id");
      List<String> seen = new ArrayList<>();
      BlockingQueue<JsonObject> events = ControlPlaneIntegrationTests.follow(plane, "/api/rollouts/" + id + "/events");
      ControlPlaneIntegrationTests.next(events, "Finished", seen);

      try (HeadlessChromium browser = HeadlessChromium.launch(workDir)) {
        browser.navigate(plane.url() + "?token=" + ControlPlaneIntegrationTests.TOKEN);
        browser.await("document.querySelectorAll('.cell').length === 4", Duration.ofSeconds(20));
        browser.await(cellClass("cp_b_3") + " === 'cell outcome-failed'", Duration.ofSeconds(10));
        assertThat(browser.evaluate(cellClass("cp_b_0"))).isEqualTo("cell outcome-succeeded");
        assertThat(browser.evaluate(cellClass("cp_b_2"))).isEqualTo("cell outcome-succeeded");
        assertThat(browser.evaluate(background("cp_b_0"))).isEqualTo("rgb(46, 125, 50)");
        assertThat(browser.evaluate(background("cp_b_3"))).isEqualTo("rgb(198, 40, 40)");
        assertThat(browser.evaluate("document.getElementById('count-failed').textContent")).isEqualTo("failed 1");

        // live: a gated rollout appears, is approved from the page's button, and recolours the grid
        String gated = new JsonObject().put("selector", "env=test")
            .put("operation", new JsonObject().put("type", "sql").put("sql", "SELECT 1"))
            .put("policy", new JsonObject().put("canary", 1).put("approval", true)).encode();
        String id2 = ControlPlaneIntegrationTests.call(plane, "POST", "/api/rollouts", gated, 201).getString("id");
        String row = "document.querySelector('tr[data-rollout=\"" + id2 + "\"]')";
        browser.await(row + " && " + row + ".dataset.state === 'awaiting-approval'", Duration.ofSeconds(20));
        assertThat(browser.evaluate(cellClass("cp_b_3"))).isEqualTo("cell outcome-failed");
        browser.evaluate(row + ".querySelector('button').click()");
        browser.await(row + ".dataset.state === 'completed'", Duration.ofSeconds(20));
        browser.await(cellClass("cp_b_3") + " === 'cell outcome-succeeded'", Duration.ofSeconds(10));
        assertThat(browser.evaluate("document.getElementById('count-succeeded').textContent")).isEqualTo("succeeded 4");
        assertThat(ControlPlaneIntegrationTests.call(plane, "GET", "/api/rollouts/" + id2, null, 200).getString("state"))
            .isEqualTo("completed");
        // kept in target/ for people to look at
        Path shot = Path.of("target", "live-page.png");
        browser.screenshot(shot);
        assertThat(java.nio.file.Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');
      }
    } finally {
      plane.close().block(Duration.ofSeconds(10));
    }
  }
}
