package io.pgmob.fleet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.BuildInfo;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.ops.FleetJson;
import io.pgmob.fleet.rollout.Rollout;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The fleet's HTTP control plane, on Vert.x core: start rollouts, list and inspect them, follow
 * them live as server-sent events, approve the next wave or cancel; a live page of the fleet;
 * a Prometheus scrape endpoint.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * Fleet fleet = Fleet.create(Inventory.load(Path.of("fleet.yaml")),
 *     FleetOptions.builder().meterRegistry(registry).build());
 * ControlPlane plane = ControlPlane.builder(fleet).port(8080).token(System.getenv("PGMOB_TOKEN"))
 *     .prometheus(registry).build().start().block();
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code GET /} the live page (a grid of clusters coloured by outcome; pass the token as
 *       {@code ?token=...}); {@code GET /healthz}.
 *   <li>{@code POST /api/rollouts} starts a rollout: {@code {"name", "selector", "operation":
 *       {"type": "sql"|"rotate-password"|"ensure-role"|"grant"|"hba-add"|"hba-remove"|"backup", ...},
 *       "policy": {"canary", "waves", "maxFailures", "maxFailuresPerWave", "pause", "approval",
 *       "dryRun"}}}; answers 201 with the rollout and a {@code Location}.
 *   <li>{@code GET /api/rollouts}, {@code GET /api/rollouts/{id}} (per-cluster outcomes).
 *   <li>{@code GET /api/rollouts/{id}/events}: server-sent events, replayed from the start (or
 *       after {@code Last-Event-ID}), then live until the rollout ends.
 *   <li>{@code POST /api/rollouts/{id}/approve}, {@code .../reject} (with {@code "approval": true}),
 *       {@code POST /api/rollouts/{id}/cancel}.
 *   <li>{@code GET /api/fleet}: every cluster with its labels and latest outcome; {@code GET
 *       /api/events}: a snapshot, then the events of every rollout.
 *   <li>{@code GET /api/version}: this build, {@code {"version", "commit", "buildTime"}} (see
 *       {@link BuildInfo}; {@code "unknown"} for what the build did not record).
 *   <li>{@code GET /metrics}: Prometheus text format, with the gauge {@code pgmob.build.info}
 *       ({@code pgmob_build_info{commit=..., version=...} 1}) besides the fleet's meters.
 * </ul>
 *
 * <p><b>Security:</b> with a token, every endpoint except the page and {@code /healthz} needs
 * {@code Authorization: Bearer <token>} (event streams may pass {@code ?access_token=}, since
 * browsers' EventSource cannot set headers). Without a token it refuses to start unless bound to
 * a loopback address. Bodies over {@link Builder#maxBodyBytes} are refused with 413; every error is
 * an {@code application/problem+json} document.
 */
public final class ControlPlane {

  private static final String PAGE_RESOURCE = "/io/pgmob/fleet/http/index.html";

  private final Fleet fleet;
  private final String host;
  private final int requestedPort;
  private final byte @Nullable [] token;
  private final int maxBodyBytes;
  private final Duration keepAlive;
  private final @Nullable PrometheusMeterRegistry prometheus;
  private final @Nullable Path journalDirectory;
  private final @Nullable Vertx givenVertx;

  private final Map<String, RolloutRun> runs = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final Object hub = new Object();
  private final Map<String, ObjectNode> lastByCluster = new LinkedHashMap<>();
  private final Map<String, ObjectNode> runStates = new LinkedHashMap<>();
  private final List<SseStream> globalFollowers = new CopyOnWriteArrayList<>();

  private volatile @Nullable Vertx vertx;
  private volatile @Nullable HttpServer server;
  private volatile String page = "";

  private ControlPlane(Builder b) {
    this.fleet = b.fleet;
    this.host = b.host;
    this.requestedPort = b.port;
    this.token = b.token == null || b.token.isEmpty() ? null : b.token.getBytes(StandardCharsets.UTF_8);
    this.maxBodyBytes = b.maxBodyBytes;
    this.keepAlive = b.keepAlive;
    this.prometheus = b.prometheus;
    if (b.prometheus != null) {
      BuildInfo.current().bindTo(b.prometheus);
    }
    this.journalDirectory = b.journalDirectory;
    this.givenVertx = b.vertx;
  }

  /** A builder for a control plane over {@code fleet}. */
  public static Builder builder(Fleet fleet) {
    return new Builder(fleet);
  }

  /**
   * Listens. Fails with {@link InvalidInputException} when there is no token and the address is
   * not loopback, or when the address cannot be resolved; with the bind error when the port is taken.
   *
   * @return this control plane, listening ({@link #port()} is the actual port)
   */
  public Mono<ControlPlane> start() {
    return Mono.fromCallable(() -> {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new InvalidInputException("cannot resolve the address to listen on: " + host);
      }
      if (token == null && !address.isLoopbackAddress()) {
        throw new InvalidInputException("refusing to listen on " + host + " without a bearer token: give a token, "
            + "or bind to a loopback address (127.0.0.1) for local use");
      }
      try (InputStream in = ControlPlane.class.getResourceAsStream(PAGE_RESOURCE)) {
        page = in == null ? "<!doctype html><title>pgmob</title>live page missing" : new String(in.readAllBytes(),
            StandardCharsets.UTF_8);
      }
      return true;
    }).flatMap(ok -> {
      Vertx v = givenVertx != null ? givenVertx : Vertx.vertx();
      vertx = v;
      // the fleet's sessions on the Vert.x transport share the control plane's event loops
      io.pgmob.session.WireTransport.useVertx(v);
      HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(requestedPort)
          .setMaxInitialLineLength(8192).setMaxHeaderSize(16384).setDecompressionSupported(false);
      return Mono.fromCompletionStage(v.createHttpServer(options).requestHandler(this::handle).listen().toCompletionStage())
          .doOnNext(s -> server = s)
          .onErrorResume(e -> (givenVertx == null ? Mono.fromCompletionStage(v.close().toCompletionStage()) : Mono.<Void>empty())
              .then(Mono.error(e)));
    }).thenReturn(this);
  }

  /** {@return the port listened on (after {@link #start()})} */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.actualPort();
  }

  /** {@return the base URL, e.g. {@code http://127.0.0.1:8080/}} */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + "/";
  }

  /** Cancels running rollouts, ends event streams, stops listening (and closes Vert.x if it made it). */
  public Mono<Void> close() {
    return Mono.defer(() -> {
      runs.values().forEach(RolloutRun::cancel);
      globalFollowers.forEach(SseStream::end);
      HttpServer s = server;
      Vertx v = vertx;
      Mono<Void> closeServer = s == null ? Mono.empty() : Mono.fromCompletionStage(s.close().toCompletionStage()).then();
      Mono<Void> closeVertx = v == null || givenVertx != null ? Mono.empty()
          : Mono.fromCompletionStage(v.close().toCompletionStage()).then();
      return closeServer.then(closeVertx);
    });
  }

  // ---- routing

  private void handle(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    String path = req.path();
    try {
      if (path.equals("/") || path.equals("/index.html")) {
        allow(req, HttpMethod.GET);
        resp.putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
            .putHeader("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
            .end(page);
        return;
      }
      if (path.equals("/healthz")) {
        allow(req, HttpMethod.GET);
        json(resp, 200, FleetJson.object().put("status", "ok"));
        return;
      }
      if (path.equals("/metrics")) {
        allow(req, HttpMethod.GET);
        authenticate(req, false);
        scrape(resp);
        return;
      }
      if (!path.startsWith("/api/")) {
        throw Problem.notFound("no such resource: " + path);
      }
      boolean stream = path.equals("/api/events") || path.endsWith("/events");
      authenticate(req, stream);
      String[] parts = path.substring(1).split("/", -1);
      if (path.equals("/api/fleet")) {
        allow(req, HttpMethod.GET);
        json(resp, 200, fleetJson());
      } else if (path.equals("/api/version")) {
        allow(req, HttpMethod.GET);
        BuildInfo build = BuildInfo.current();
        json(resp, 200, FleetJson.object().put("version", build.version()).put("commit", build.commit())
            .put("buildTime", build.buildTime()));
      } else if (path.equals("/api/events")) {
        allow(req, HttpMethod.GET);
        followAll(req);
      } else if (path.equals("/api/rollouts")) {
        allow(req, HttpMethod.GET, HttpMethod.POST);
        if (req.method() == HttpMethod.GET) {
          ObjectNode all = FleetJson.object();
          ArrayNode a = all.putArray("rollouts");
          order.forEach(id -> a.add(runs.get(id).toJson(false)));
          json(resp, 200, all);
        } else {
          readBody(req, body -> startRollout(req, body));
        }
      } else if (parts.length == 3 && parts[1].equals("rollouts")) {
        allow(req, HttpMethod.GET);
        json(resp, 200, run(parts[2]).toJson(true));
      } else if (parts.length == 4 && parts[1].equals("rollouts")) {
        RolloutRun run = run(parts[2]);
        switch (parts[3]) {
          case "events" -> {
            allow(req, HttpMethod.GET);
            follow(req, run);
          }
          case "approve", "reject" -> {
            allow(req, HttpMethod.POST);
            boolean go = parts[3].equals("approve");
            if (!run.approve(go)) {
              throw Problem.conflict("rollout " + run.id + " is " + run.state().json() + ", not awaiting approval");
            }
            json(resp, 200, run.toJson(false));
          }
          case "cancel" -> {
            allow(req, HttpMethod.POST);
            if (!run.cancel()) {
              throw Problem.conflict("rollout " + run.id + " is already " + run.state().json());
            }
            json(resp, 200, run.toJson(false));
          }
          default -> throw Problem.notFound("no such resource: " + path);
        }
      } else {
        throw Problem.notFound("no such resource: " + path);
      }
    } catch (Problem p) {
      p.send(resp, path);
    } catch (RuntimeException e) {
      new Problem(500, "internal", "Internal error", String.valueOf(e.getMessage())).send(resp, path);
    }
  }

  private static void allow(HttpServerRequest req, HttpMethod... methods) {
    for (HttpMethod m : methods) {
      if (req.method() == m) {
        return;
      }
    }
    String allowed = String.join(", ", java.util.Arrays.stream(methods).map(HttpMethod::name).toList());
    req.response().putHeader("Allow", allowed);
    throw new Problem(405, "method-not-allowed", "Method not allowed", req.method() + " is not allowed on "
        + req.path() + "; use " + allowed);
  }

  private void authenticate(HttpServerRequest req, boolean queryTokenAllowed) {
    byte[] expected = token;
    if (expected == null) {
      return;
    }
    String given = null;
    String header = req.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).strip();
    } else if (queryTokenAllowed) {
      given = req.getParam("access_token");
    }
    if (given == null) {
      throw new Problem(401, "unauthorized", "Unauthorized", "a bearer token is required: Authorization: Bearer <token>");
    }
    if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      throw new Problem(401, "unauthorized", "Unauthorized", "the bearer token is not valid");
    }
  }

  private RolloutRun run(String id) {
    RolloutRun run = runs.get(id);
    if (run == null) {
      throw Problem.notFound("no rollout with id '" + id + "'");
    }
    return run;
  }

  private static void json(HttpServerResponse resp, int status, ObjectNode body) {
    resp.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(FleetJson.write(body));
  }

  /** Reads the body within the size limit: 413 as soon as it is known to be too large. */
  private void readBody(HttpServerRequest req, java.util.function.Consumer<ObjectNode> then) {
    HttpServerResponse resp = req.response();
    String length = req.getHeader("Content-Length");
    if (length != null) {
      try {
        if (io.pgmob.session.Numbers.parseLong(length.strip(), "Content-Length") > maxBodyBytes) {
          tooLarge(req);
          return;
        }
      } catch (io.pgmob.error.InvalidInputException e) {
        throw Problem.badRequest("Content-Length is not a number");
      }
    }
    String type = req.getHeader("Content-Type");
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new Problem(415, "unsupported-media-type", "Unsupported media type",
          "send the request as Content-Type: application/json");
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    req.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBodyBytes) {
        refused[0] = true;
        tooLarge(req);
        return;
      }
      body.appendBuffer(chunk);
    });
    req.exceptionHandler(e -> refused[0] = true);
    req.endHandler(v -> {
      if (refused[0] || resp.ended()) {
        return;
      }
      try {
        JsonNode parsed;
        try {
          parsed = body.length() == 0 ? null : FleetJson.parse(body.toString(StandardCharsets.UTF_8));
        } catch (InvalidInputException e) {
          throw Problem.badRequest("the body is " + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode o)) {
          throw Problem.badRequest("the body must be a JSON object");
        }
        then.accept(o);
      } catch (Problem p) {
        p.send(resp, req.path());
      } catch (RuntimeException e) {
        new Problem(500, "internal", "Internal error", String.valueOf(e.getMessage())).send(resp, req.path());
      }
    });
  }

  private void tooLarge(HttpServerRequest req) {
    if (req.version() != HttpVersion.HTTP_2) {
      // HTTP/1.x: the rest of the body would be read as the next request, so the connection ends
      // here. HTTP/2 forbids connection-specific headers (RFC 9113 section 8.2.2): the stream's
      // remaining data is discarded and the connection, shared by other streams, stays open.
      req.response().putHeader("Connection", "close");
    }
    new Problem(413, "payload-too-large", "Payload too large",
        "the body is larger than the limit of " + maxBodyBytes + " bytes").send(req.response(), req.path());
  }

  // ---- rollouts

  private void startRollout(HttpServerRequest req, ObjectNode body) {
    String id = String.valueOf(ids.incrementAndGet());
    RolloutRequest r = RolloutRequest.parse(body, fleet.inventory(), "rollout-" + id);
    refuseIfRunning(r);
    Path journal = journalDirectory == null ? null : journalOf(r);
    if (journal == null) {
      launch(req, id, r);
      return;
    }
    // a journal of another operation (or other inputs) is a conflict with what the request asks,
    // refused before a run exists; hashing the identity is slow, so off the event loop
    Context ctx = Objects.requireNonNull(Vertx.currentContext());
    Mono.fromRunnable(() -> io.pgmob.fleet.rollout.RolloutJournal.checkResumable(journal, r.name, r.operation.identity()))
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
        .subscribe(null,
            e -> ctx.runOnContext(v -> (e instanceof InvalidInputException ? Problem.conflict(e.getMessage())
                : new Problem(500, "internal", "Internal error", String.valueOf(e.getMessage())))
                .send(req.response(), req.path())),
            () -> ctx.runOnContext(v -> {
              try {
                refuseIfRunning(r);
                launch(req, id, r);
              } catch (Problem p) {
                p.send(req.response(), req.path());
              }
            }));
  }

  private void refuseIfRunning(RolloutRequest r) {
    for (RolloutRun other : runs.values()) {
      if (other.name.equals(r.name) && !other.state().terminal()) {
        throw Problem.conflict("a rollout named '" + r.name + "' is running already (id " + other.id + ")");
      }
    }
  }

  private Path journalOf(RolloutRequest r) {
    return Objects.requireNonNull(journalDirectory).resolve(r.name.replaceAll("[^A-Za-z0-9._-]", "_") + ".journal");
  }

  private void launch(HttpServerRequest req, String id, RolloutRequest r) {
    RolloutRun run = new RolloutRun(id, r.name, r.selector, r.operationDescription, r.policy, r.targets, this::published);
    Rollout.Builder b = r.rollout;
    if (r.approval) {
      b.approval((finished, next) -> run.awaitApproval(next));
    }
    if (journalDirectory != null) {
      b.journal(journalOf(r));
    }
    Rollout rollout = b.build();
    runs.put(id, run);
    order.add(id);
    synchronized (hub) {
      runStates.put(id, FleetJson.object().put("id", id).put("name", r.name).put("state", "running"));
    }
    run.subscription(fleet.rollout(r.targets, rollout, r.operation).subscribe(run::onEvent, run::onError));
    req.response().putHeader("Location", "/api/rollouts/" + id);
    json(req.response(), 201, run.toJson(true));
  }

  /** Every event of every run passes here (under the run's lock; never take a run's lock here). */
  private void published(ObjectNode event) {
    synchronized (hub) {
      String id = event.path("id").asText();
      runStates.put(id, FleetJson.object().put("id", id).put("name", event.path("rollout").asText())
          .put("state", event.path("state").asText()));
      if ("ClusterFinished".equals(event.path("type").asText())) {
        ObjectNode r = ((ObjectNode) event.get("result")).deepCopy();
        lastByCluster.put(r.path("cluster").asText(), r.put("rolloutId", id).put("rollout", event.path("rollout").asText()));
      }
      for (SseStream s : globalFollowers) {
        s.send(null, event);
      }
    }
  }

  private void follow(HttpServerRequest req, RolloutRun run) {
    long last = 0;
    String lastId = req.getHeader("Last-Event-ID");
    if (lastId == null) {
      lastId = req.getParam("lastEventId");
    }
    if (lastId != null) {
      try {
        last = io.pgmob.session.Numbers.parseLong(lastId.strip(), "Last-Event-ID");
      } catch (io.pgmob.error.InvalidInputException e) {
        throw Problem.badRequest("Last-Event-ID must be a number");
      }
    }
    SseStream s = new SseStream(vertx(), Objects.requireNonNull(Vertx.currentContext()), req.response(), keepAlive);
    run.follow(s, last);
  }

  private void followAll(HttpServerRequest req) {
    Context ctx = Objects.requireNonNull(Vertx.currentContext());
    SseStream s = new SseStream(vertx(), ctx, req.response(), keepAlive);
    synchronized (hub) {
      s.send(null, snapshot());
      globalFollowers.add(s);
    }
    s.onClose(() -> globalFollowers.remove(s));
  }

  private Vertx vertx() {
    return Objects.requireNonNull(vertx, "not started");
  }

  private ObjectNode snapshot() {
    ObjectNode snapshot = FleetJson.object().put("type", "Snapshot");
    snapshot.set("clusters", fleetJson().get("clusters"));
    ArrayNode rollouts = snapshot.putArray("rollouts");
    runStates.values().forEach(r -> rollouts.add(r.deepCopy()));
    return snapshot;
  }

  private ObjectNode fleetJson() {
    ObjectNode fleetJson = FleetJson.object();
    ArrayNode clusters = fleetJson.putArray("clusters");
    synchronized (hub) {
      for (Target t : fleet.inventory().targets()) {
        ObjectNode c = clusters.addObject().put("name", t.name());
        ObjectNode labels = c.putObject("labels");
        t.labels().forEach(labels::put);
        ObjectNode last = lastByCluster.get(t.name());
        c.put("outcome", last != null ? last.path("outcome").asText() : "none");
        if (last != null) {
          c.set("last", last.deepCopy());
        }
      }
    }
    return fleetJson;
  }

  private void scrape(HttpServerResponse resp) {
    PrometheusMeterRegistry registry = prometheus;
    if (registry == null) {
      throw Problem.notFound("metrics are not enabled: start the control plane with a Prometheus registry");
    }
    resp.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
  }

  /** Builder for {@link ControlPlane}; Vert.x-style settings at the HTTP edge. */
  public static final class Builder {
    private final Fleet fleet;
    private String host = "127.0.0.1";
    private int port = 8080;
    private @Nullable String token;
    private int maxBodyBytes = 64 * 1024;
    private Duration keepAlive = Duration.ofSeconds(15);
    private @Nullable PrometheusMeterRegistry prometheus;
    private @Nullable Path journalDirectory;
    private @Nullable Vertx vertx;

    private Builder(Fleet fleet) {
      this.fleet = Objects.requireNonNull(fleet, "fleet");
    }

    /**
     * Address to listen on. Default {@code 127.0.0.1}; any other than loopback needs a {@link #token}.
     *
     * @param host address to listen on. Default {@code 127.0.0.1}; any other than loopback needs a {@link #token}
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Port; 0 picks a free one. Default 8080.
     *
     * @param port port; 0 picks a free one. Default 8080
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new InvalidInputException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The bearer token clients must present. Default none (allowed on loopback only).
     *
     * @param token the bearer token clients must present. Default none (allowed on loopback only)
     * @return this builder
     */
    public Builder token(@Nullable String token) {
      this.token = token;
      return this;
    }

    /**
     * Largest request body accepted; larger ones get 413. Default 64 KiB.
     *
     * @param bytes largest request body accepted; larger ones get 413. Default 64 KiB
     * @return this builder
     */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1) {
        throw new InvalidInputException("maxBodyBytes must be positive");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Interval of keep-alive comments on event streams. Default 15 s.
     *
     * @param keepAlive interval of keep-alive comments on event streams. Default 15 s
     * @return this builder
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /**
     * The registry the fleet's meters are in, scraped at {@code /metrics}. Default none (404).
     *
     * @param registry the registry the fleet's meters are in, scraped at {@code /metrics}. Default none (404)
     * @return this builder
     */
    public Builder prometheus(@Nullable PrometheusMeterRegistry registry) {
      this.prometheus = registry;
      return this;
    }

    /**
     * Journal every rollout to {@code <dir>/<name>.journal}; starting a rollout with the name of
     * a halted one resumes it. Default: no journal.
     */
    public Builder journalDirectory(@Nullable Path dir) {
      this.journalDirectory = dir;
      return this;
    }

    /**
     * Use this Vert.x instance (not closed by {@link #close()}). Default: one of its own.
     *
     * @param vertx use this Vert.x instance (not closed by {@link #close()}). Default: one of its own
     * @return this builder
     */
    public Builder vertx(@Nullable Vertx vertx) {
      this.vertx = vertx;
      return this;
    }

    /** {@return the control plane (not listening until {@link ControlPlane#start()})} */
    public ControlPlane build() {
      return new ControlPlane(this);
    }
  }

  @Override
  public String toString() {
    HttpServer s = server;
    return "ControlPlane[" + host + ":" + (s != null ? s.actualPort() : requestedPort) + ", " + runs.size() + " rollouts]";
  }
}
