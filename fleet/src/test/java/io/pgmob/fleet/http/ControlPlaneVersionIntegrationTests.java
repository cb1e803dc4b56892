package io.pgmob.fleet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmob.fleet.BuildInfo;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.GitHead;
import io.pgmob.fleet.inventory.Inventory;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The control plane says which build it runs: {@code GET /api/version} and {@code pgmob_build_info}. */
class ControlPlaneVersionIntegrationTests {

  static final String TOKEN = "version-token-" + Long.toHexString(System.nanoTime());
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> get(ControlPlane plane, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(plane.url() + path.substring(1))).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void versionEndpointAndBuildInfoMetricNameTheCommitOfHead() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Fleet fleet = Fleet.create(Inventory.of(List.of()), FleetOptions.builder().meterRegistry(registry).build());
    ControlPlane plane = ControlPlane.builder(fleet).port(0).token(TOKEN).prometheus(registry).build().start()
        .block(Duration.ofSeconds(10));
    try {
      String head = GitHead.commit();

      HttpResponse<String> version = get(plane, "/api/version", TOKEN);
      assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
      JsonObject json = new JsonObject(version.body());
      assertThat(json.getString("version")).isEqualTo(BuildInfo.current().version()).doesNotContain("unknown");
      assertThat(json.getString("commit")).isEqualTo(head);
      assertThat(json.getString("buildTime")).isEqualTo(BuildInfo.current().buildTime());
      assertThat(get(plane, "/api/version", null).statusCode()).as("like every /api/ resource, it needs the token")
          .isEqualTo(401);

      HttpResponse<String> metrics = get(plane, "/metrics", TOKEN);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).containsPattern("(?m)^pgmob_build_info\\{commit=\"" + head + "\",version=\""
          + Pattern.quote(json.getString("version")) + "\"} 1(\\.0)?$");
    } finally {
      plane.close().block(Duration.ofSeconds(10));
    }
  }
}
