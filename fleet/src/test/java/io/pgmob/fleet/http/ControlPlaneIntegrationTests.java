package io.pgmob.fleet.http;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.RetryPolicy;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The control plane on a free loopback port, driven over HTTP against real clusters. */
@PgTest
class ControlPlaneIntegrationTests {

  static final String TOKEN = "test-token-" + Long.toHexString(System.nanoTime());
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A control plane over {@code n} fresh databases of {@code server} named {prefix}0..n-1. */
  static ControlPlane start(PgServer server, Cluster admin, String prefix, int n, PrometheusMeterRegistry registry) {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      admin.update("DROP DATABASE IF EXISTS " + prefix + i + " WITH (FORCE)").block(TIMEOUT);
      admin.update("CREATE DATABASE " + prefix + i).block(TIMEOUT);
      targets.add(Target.of(prefix + i, TestClusters.spec(server, prefix + i), Map.of("env", "test", "i", "" + i)));
    }
    Fleet fleet = Fleet.create(Inventory.of(targets),
        FleetOptions.builder().meterRegistry(registry).retry(RetryPolicy.none()).build());
    return ControlPlane.builder(fleet).port(0).token(TOKEN).keepAlive(Duration.ofMillis(500)).prometheus(registry)
        .maxBodyBytes(4096).build().start().block(Duration.ofSeconds(10));
  }

  static HttpResponse<String> send(ControlPlane plane, String method, String path, @org.jspecify.annotations.Nullable String body,
      @org.jspecify.annotations.Nullable String token) throws Exception {
    return send(HTTP, plane, method, path, body, token);
  }

  static HttpResponse<String> send(HttpClient client, ControlPlane plane, String method, String path,
      @org.jspecify.annotations.Nullable String body, @org.jspecify.annotations.Nullable String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(plane.url() + path.substring(1))).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.version()).as("the protocol answered on").isEqualTo(client.version());
    return r;
  }

  static JsonObject call(ControlPlane plane, String method, String path, @org.jspecify.annotations.Nullable String body,
      int expectedStatus) throws Exception {
    return call(HTTP, plane, method, path, body, expectedStatus);
  }

  static JsonObject call(HttpClient client, ControlPlane plane, String method, String path,
      @org.jspecify.annotations.Nullable String body, int expectedStatus) throws Exception {
    HttpResponse<String> r = send(client, plane, method, path, body, TOKEN);
    assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(expectedStatus);
    for (String connectionSpecific : List.of("Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade")) {
      if (r.version() == HttpClient.Version.HTTP_2) {
        assertThat(r.headers().firstValue(connectionSpecific)).as(connectionSpecific + " on HTTP/2").isEmpty();
      }
    }
    return new JsonObject(r.body());
  }

  /** Follows an event stream on a background thread: each {@code data:} line as JSON, in order. */
  static BlockingQueue<JsonObject> follow(ControlPlane plane, String path) {
    return follow(plane, path, null);
  }

  static BlockingQueue<JsonObject> follow(ControlPlane plane, String path, @org.jspecify.annotations.Nullable String lastEventId) {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(plane.url() + path.substring(1)))
        .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpRequest req = b.build();
    HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(resp -> {
      assertThat(resp.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
      resp.body().forEach(line -> {
        if (line.startsWith("data: ")) {
          events.add(new JsonObject(line.substring(6)));
        } else if (line.startsWith(": keep-alive")) {
          events.add(new JsonObject().put("type", "keep-alive"));
        }
      });
      events.add(new JsonObject().put("type", "end-of-stream"));
    });
    return events;
  }

  /** The next event of {@code type}, skipping others; fails after 30 s. */
  static JsonObject next(BlockingQueue<JsonObject> events, String type, List<String> seen) throws InterruptedException {
    while (true) {
      JsonObject e = events.poll(30, TimeUnit.SECONDS);
      assertThat(e).as("waiting for " + type + " after " + seen).isNotNull();
      seen.add(e.getString("type"));
      if (type.equals(e.getString("type"))) {
        return e;
      }
    }
  }

  static boolean tableExists(PgServer server, String db, String table) {
    Cluster c = TestClusters.connect(server, db);
    try {
      return Boolean.TRUE.equals(c.scalar("SELECT to_regclass($1) IS NOT NULL", Boolean.class, table).block(TIMEOUT));
    } finally {
      c.close().block(TIMEOUT);
    }
  }

  @Test
  void aRolloutWhoseJournalWasWrittenByAnotherOperationIsAConflictAndNoRunStarts(PgServer server, Cluster admin,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path journals) throws Exception {
    String prefix = "cp_j_";
    admin.update("DROP DATABASE IF EXISTS " + prefix + "0 WITH (FORCE)").block(Duration.ofSeconds(60));
    admin.update("CREATE DATABASE " + prefix + "0").block(Duration.ofSeconds(60));
    Fleet fleet = Fleet.create(Inventory.of(Target.of(prefix + "0", TestClusters.spec(server, prefix + "0"), Map.of("env", "test"))),
        FleetOptions.builder().retry(RetryPolicy.none()).build());
    ControlPlane plane = ControlPlane.builder(fleet).port(0).token(TOKEN).journalDirectory(journals).build().start()
        .block(Duration.ofSeconds(10));
    try {
      String first = new JsonObject().put("name", "journaled").put("selector", "env=test")
          .put("operation", new JsonObject().put("type", "sql").put("sql", "CREATE TABLE cp_j1 (id int)")).encode();
      String id = call(plane, "POST", "/api/rollouts", first, 201).getString("id");
      List<String> seen = new ArrayList<>();
      assertThat(next(follow(plane, "/api/rollouts/" + id + "/events"), "Finished", seen)
          .getJsonObject("report").getString("status")).isEqualTo("completed");

      // the same name (so the same journal) with another statement: refused as a conflict
      String other = new JsonObject().put("name", "journaled").put("selector", "env=test")
          .put("operation", new JsonObject().put("type", "sql").put("sql", "CREATE TABLE cp_j2 (id int)")).encode();
      HttpResponse<String> refused = send(plane, "POST", "/api/rollouts", other, TOKEN);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      JsonObject problem = new JsonObject(refused.body());
      assertThat(problem.getString("detail")).contains("was written by another operation").contains("with different inputs");
      JsonArray list = call(plane, "GET", "/api/rollouts", null, 200).getJsonArray("rollouts");
      assertThat(list).as("no run was created for the refused request").hasSize(1);
      assertThat(tableExists(server, prefix + "0", "cp_j2")).isFalse();

      // the same operation again resumes (nothing left to do)
      String again = call(plane, "POST", "/api/rollouts", first, 201).getString("id");
      assertThat(next(follow(plane, "/api/rollouts/" + again + "/events"), "Finished", seen)
          .getJsonObject("report").getString("status")).isEqualTo("completed");
    } finally {
      plane.close().block(Duration.ofSeconds(10));
      fleet.close().block(Duration.ofSeconds(30));
    }
  }

  @Test
  void startFollowApproveTheNextWaveAndScrapeMetrics(PgServer server, Cluster admin) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ControlPlane plane = start(server, admin, "cp_a_", 3, registry);
    try {
      String body = new JsonObject().put("name", "add-table").put("selector", "env=test")
          .put("operation", new JsonObject().put("type", "sql").put("sql", "CREATE TABLE cp_t (id int)"))
          .put("policy", new JsonObject().put("canary", 1).put("waves", new JsonArray().add("rest")).put("approval", true))
          .encode();
      JsonObject started = call(plane, "POST", "/api/rollouts", body, 201);
      String id = started.getString("id");
      assertThat(started.getString("name")).isEqualTo("add-table");
      assertThat(started.getJsonArray("clusters")).hasSize(3);

      List<String> seen = new ArrayList<>();
      BlockingQueue<JsonObject> events = follow(plane, "/api/rollouts/" + id + "/events");
      assertThat(next(events, "Started", seen).getInteger("total")).isEqualTo(3);
      JsonObject canary = next(events, "ClusterFinished", seen);
      assertThat(canary.getJsonObject("result").getString("cluster")).isEqualTo("cp_a_0");
      assertThat(canary.getJsonObject("result").getString("outcome")).isEqualTo("succeeded");
      assertThat(next(events, "AwaitingApproval", seen).getInteger("nextWave")).isEqualTo(1);
      assertThat(next(events, "keep-alive", seen)).isNotNull();

      JsonObject waiting = call(plane, "GET", "/api/rollouts/" + id, null, 200);
      assertThat(waiting.getString("state")).isEqualTo("awaiting-approval");
      assertThat(waiting.getJsonArray("clusters").stream().map(o -> ((JsonObject) o).getString("outcome")).toList())
          .containsExactly("succeeded", "pending", "pending");
      assertThat(tableExists(server, "cp_a_1", "cp_t")).isFalse();

      assertThat(call(plane, "POST", "/api/rollouts/" + id + "/approve", null, 200).getString("state")).isEqualTo("running");
      JsonObject finished = next(events, "Finished", seen);
      assertThat(finished.getJsonObject("report").getString("status")).isEqualTo("completed");
      assertThat(next(events, "end-of-stream", seen)).isNotNull();
      assertThat(seen).containsSubsequence("Started", "WaveStarted", "ClusterFinished", "WaveFinished", "AwaitingApproval",
          "Approved", "WaveStarted", "ClusterFinished", "ClusterFinished", "WaveFinished", "Finished");

      JsonObject done = call(plane, "GET", "/api/rollouts/" + id, null, 200);
      assertThat(done.getString("state")).isEqualTo("completed");
      assertThat(done.getJsonArray("clusters").stream().map(o -> ((JsonObject) o).getString("outcome")).toList())
          .containsExactly("succeeded", "succeeded", "succeeded");
      for (int i = 0; i < 3; i++) {
        assertThat(tableExists(server, "cp_a_" + i, "cp_t")).isTrue();
      }
      assertThat(call(plane, "GET", "/api/rollouts", null, 200).getJsonArray("rollouts")).hasSize(1);

      // a late follower gets the whole story replayed, then the stream ends
      List<String> replay = new ArrayList<>();
      BlockingQueue<JsonObject> late = follow(plane, "/api/rollouts/" + id + "/events");
      next(late, "end-of-stream", replay);
      assertThat(replay).startsWith("Started").contains("Approved").endsWith("Finished", "end-of-stream");

      HttpResponse<String> metrics = send(plane, "GET", "/metrics", null, TOKEN);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body()).containsPattern("pgmob_fleet_operations_seconds_count\\{outcome=\"succeeded\"} 3");
      assertThat(send(plane, "GET", "/metrics", null, null).statusCode()).isEqualTo(401);
    } finally {
      plane.close().block(Duration.ofSeconds(10));
    }
  }

  @Test
  void cancelStopsAWaitingRolloutAndStatementsInFlight(PgServer server, Cluster admin) throws Exception {
    ControlPlane plane = start(server, admin, "cp_c_", 3, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    try {
      String gated = new JsonObject().put("selector", "env=test")
          .put("operation", new JsonObject().put("type", "sql").put("sql", "CREATE TABLE cp_c (id int)"))
          .put("policy", new JsonObject().put("canary", 1).put("approval", true)).encode();
      String id = call(plane, "POST", "/api/rollouts", gated, 201).getString("id");
      List<String> seen = new ArrayList<>();
      BlockingQueue<JsonObject> events = follow(plane, "/api/rollouts/" + id + "/events");
      next(events, "AwaitingApproval", seen);
      assertThat(call(plane, "POST", "/api/rollouts/" + id + "/cancel", null, 200).getString("state")).isEqualTo("cancelled");
      next(events, "Cancelled", seen);
      next(events, "end-of-stream", seen);
      JsonObject problem = call(plane, "POST", "/api/rollouts/" + id + "/approve", null, 409);
      assertThat(problem.getString("detail")).contains("cancelled");
      assertThat(tableExists(server, "cp_c_0", "cp_c")).isTrue();
      assertThat(tableExists(server, "cp_c_1", "cp_c")).isFalse();

      String sleepy = new JsonObject().put("selector", "i=1")
          .put("operation", new JsonObject().put("type", "sql").put("sql", "SELECT pg_sleep(60) /* cp_cancel_me */")).encode();
      String id2 = call(plane, "POST", "/api/rollouts", sleepy, 201).getString("id");
      String running = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%cp_cancel_me%' AND pid <> pg_backend_pid()";
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (admin.scalar(running, Long.class).block(TIMEOUT) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(admin.scalar(running, Long.class).block(TIMEOUT)).isEqualTo(1L);
      call(plane, "POST", "/api/rollouts/" + id2 + "/cancel", null, 200);
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (admin.scalar(running + " AND state = 'active'", Long.class).block(TIMEOUT) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(admin.scalar(running + " AND state = 'active'", Long.class).block(TIMEOUT)).as("statement cancelled").isZero();
      JsonObject cancelled = call(plane, "GET", "/api/rollouts/" + id2, null, 200);
      assertThat(cancelled.getString("state")).isEqualTo("cancelled");
      assertThat(cancelled.getJsonArray("clusters").getJsonObject(0).getString("outcome")).isEqualTo("cancelled");
    } finally {
      plane.close().block(Duration.ofSeconds(10));
    }
  }

  @Test
  void roleOperationsTakePasswordsByReferenceAndDryRunPlansNeverShowThem(PgServer server, Cluster admin,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ControlPlane plane = start(server, admin, "cp_r_", 2, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    String role = "cp_role_" + Long.toHexString(System.nanoTime());
    try {
      String first = "first-" + java.util.UUID.randomUUID();
      String second = "second-" + java.util.UUID.randomUUID();
      java.nio.file.Path pw1 = dir.resolve("pw1");
      java.nio.file.Path pw2 = dir.resolve("pw2");
      java.nio.file.Files.writeString(pw1, first);
      java.nio.file.Files.writeString(pw2, second);
      String ensure = new JsonObject().put("selector", "env=test").put("operation", new JsonObject()
          .put("type", "ensure-role").put("role", role).put("login", true).put("passwordRef", "file:" + pw1)
          .put("grants", new JsonArray().add("CONNECT,TEMPORARY:database:cp_r_0")))
          .put("policy", new JsonObject().put("canary", 1)).encode();
      String id = call(plane, "POST", "/api/rollouts", ensure, 201).getString("id");
      List<String> seen = new ArrayList<>();
      next(follow(plane, "/api/rollouts/" + id + "/events"), "Finished", seen);
      JsonObject done = call(plane, "GET", "/api/rollouts/" + id, null, 200);
      assertThat(done.getJsonArray("clusters").stream().map(o -> ((JsonObject) o).getString("outcome")).toList())
          .as("the role is cluster-wide: the second database finds it done").containsExactly("succeeded", "unchanged");
      assertThat(done.encode()).doesNotContain(first);
      assertThat(admin.scalar("SELECT datacl::text FROM pg_database WHERE datname = 'cp_r_0'", String.class).block(TIMEOUT))
          .as("the grants of the same operation").contains(role + "=Tc/");

      // a replay after Last-Event-ID 2 starts at event 3
      JsonObject third = follow(plane, "/api/rollouts/" + id + "/events", "2").poll(10, TimeUnit.SECONDS);
      assertThat(third.getLong("seq")).isEqualTo(3L);

      String dry = new JsonObject().put("selector", "i=0").put("operation", new JsonObject()
          .put("type", "rotate-password").put("role", role).put("passwordRef", "file:" + pw2))
          .put("policy", new JsonObject().put("dryRun", true)).encode();
      String id2 = call(plane, "POST", "/api/rollouts", dry, 201).getString("id");
      next(follow(plane, "/api/rollouts/" + id2 + "/events"), "Finished", seen);
      JsonObject planned = call(plane, "GET", "/api/rollouts/" + id2, null, 200);
      JsonObject cluster = planned.getJsonArray("clusters").getJsonObject(0);
      assertThat(cluster.getString("outcome")).isEqualTo("succeeded");
      assertThat(cluster.getJsonArray("plan").encode()).contains("ALTER ROLE", role);
      assertThat(planned.encode()).doesNotContain(second).doesNotContain("SCRAM-SHA-256$");

      io.pgmob.session.ConnectionSpec asRole = io.pgmob.session.ConnectionSpec.builder().host(server.host()).port(server.port())
          .database("cp_r_0").user(role).password(first).sslMode(io.pgmob.session.SslMode.DISABLE).build();
      Cluster c = Cluster.connect(asRole).block(Duration.ofSeconds(20));
      assertThat(c.currentUser()).as("the dry run changed nothing").isEqualTo(role);
      c.close().block(TIMEOUT);
    } finally {
      plane.close().block(Duration.ofSeconds(10));
      admin.update("DO $$BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
          + "EXECUTE 'REVOKE ALL ON DATABASE cp_r_0 FROM " + role + "'; END IF; END$$").block(TIMEOUT);
      admin.update("DROP ROLE IF EXISTS " + role).block(TIMEOUT);
    }
  }

  /**
   * The whole API answers on the protocol the client speaks: HTTP/1.1, and HTTP/2 after an h2c
   * upgrade, where connection-specific headers are forbidden (RFC 9113 section 8.2.2; strict
   * clients such as JDK 25's refuse the response), also on the 413 that ends an HTTP/1.1 connection.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(HttpClient.Version.class)
  void tokensLimitsAndValidationErrorsAnswerAsJsonProblems(HttpClient.Version version, PgServer server, Cluster admin)
      throws Exception {
    ControlPlane plane = start(server, admin, "cp_v_", 1, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    HttpClient http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    try {
      // the first request of an HTTP/2 client upgrades its connection (h2c); the others ride it
      assertThat(send(http, plane, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> anonymous = send(http, plane, "GET", "/api/rollouts", null, null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(new JsonObject(anonymous.body()).getInteger("status")).isEqualTo(401);
      assertThat(send(http, plane, "GET", "/api/rollouts", null, "wrong").statusCode()).isEqualTo(401);
      assertThat(send(http, plane, "GET", "/", null, null).body()).contains("<title>pgmob fleet</title>");

      JsonObject notJson = call(http, plane, "POST", "/api/rollouts", "{\"selector\": ", 400);
      assertThat(notJson.getString("detail")).contains("not valid JSON");

      JsonObject invalid = call(http, plane, "POST", "/api/rollouts", new JsonObject().put("selector", "env=nowhere")
          .put("operation", new JsonObject().put("type", "drop-everything"))
          .put("policy", new JsonObject().put("waves", new JsonArray().add("lots")).put("canary", -1).put("speed", 3))
          .put("extra", true).encode(), 422);
      assertThat(invalid.getString("type")).isEqualTo("urn:pgmob:problem:validation");
      assertThat(invalid.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList())
          .contains("extra", "selector", "operation.type", "policy.waves[0]", "policy.canary", "policy.speed");
      assertThat(invalid.getJsonArray("errors").encode()).contains("matches none of the 1 clusters");

      JsonObject plaintext = call(http, plane, "POST", "/api/rollouts", new JsonObject().put("selector", "*")
          .put("operation", new JsonObject().put("type", "rotate-password").put("role", "app").put("password", "hunter2"))
          .encode(), 422);
      assertThat(plaintext.encode()).contains("passwordRef").doesNotContain("hunter2");

      JsonObject badGrant = call(http, plane, "POST", "/api/rollouts", new JsonObject().put("selector", "*")
          .put("operation", new JsonObject().put("type", "ensure-role").put("role", "app")
              .put("grants", new JsonArray().add("CONNECT:database:app").add("USAGE:scheme:app"))).encode(), 422);
      assertThat(badGrant.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList())
          .containsExactly("operation.grants[1]");
      assertThat(badGrant.getJsonArray("errors").encode()).contains("unknown grant target kind 'scheme'");

      String big = new JsonObject().put("selector", "*").put("operation", new JsonObject().put("type", "sql")
          .put("sql", "SELECT '" + "x".repeat(5000) + "'")).encode();
      JsonObject tooLarge = call(http, plane, "POST", "/api/rollouts", big, 413);
      assertThat(tooLarge.getString("detail")).contains("4096 bytes");

      assertThat(call(http, plane, "GET", "/api/rollouts/42", null, 404).getString("detail")).contains("42");
      HttpResponse<String> wrongMethod = send(http, plane, "DELETE", "/api/rollouts", null, TOKEN);
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");

      JsonObject fleet = call(http, plane, "GET", "/api/fleet", null, 200);
      assertThat(fleet.getJsonArray("clusters").getJsonObject(0).getString("name")).isEqualTo("cp_v_0");
    } finally {
      plane.close().block(Duration.ofSeconds(10));
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    Fleet fleet = Fleet.create(Inventory.of(List.of()));
    assertThatThrownBy(() -> ControlPlane.builder(fleet).host("0.0.0.0").port(0).build().start().block(TIMEOUT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("without a bearer token");
    ControlPlane local = ControlPlane.builder(fleet).host("127.0.0.1").port(0).build().start().block(TIMEOUT);
    assertThat(local.port()).isPositive();
    local.close().block(TIMEOUT);
  }
}
