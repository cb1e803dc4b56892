package io.pgmob.fleet.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket): navigate, then
 * evaluate JavaScript in the page as often as needed, so a test can watch a page that keeps an
 * event stream open (which {@code --dump-dom} with a virtual time budget never finishes).
 */
final class HeadlessChromium implements AutoCloseable {

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The browser binary; fails naming the Debian package when there is none. */
  static Path binary() {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new AssertionError("the live-page test needs headless Chromium, which is not installed: "
        + "install the Debian package 'chromium' (apt-get install -y chromium)");
  }

  static HeadlessChromium launch(Path workDir) throws Exception {
    Path profile = workDir.resolve("profile");
    Process p = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
        "about:blank")
        .redirectOutput(workDir.resolve("chromium.out").toFile()).redirectError(workDir.resolve("chromium.log").toFile())
        .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("Chromium did not start: " + Files.readString(workDir.resolve("chromium.log")));
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
      HttpClient http = HttpClient.newHttpClient();
      JsonArray targets = new JsonArray(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .build(), HttpResponse.BodyHandlers.ofString()).body());
      String ws = targets.stream().map(JsonObject.class::cast).filter(t -> "page".equals(t.getString("type")))
          .findFirst().orElseThrow().getString("webSocketDebuggerUrl");
      HeadlessChromium[] self = new HeadlessChromium[1];
      StringBuilder frame = new StringBuilder();
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
          frame.append(data);
          if (last) {
            JsonObject msg = new JsonObject(frame.toString());
            frame.setLength(0);
            Integer id = msg.getInteger("id");
            if (id != null && self[0] != null) {
              CompletableFuture<JsonObject> f = self[0].pending.remove(id);
              if (f != null) {
                f.complete(msg);
              }
            }
          }
          w.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(p, socket);
      return self[0];
    } catch (Exception | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private JsonObject call(String method, JsonObject params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true);
    JsonObject answer = f.get(20, TimeUnit.SECONDS);
    if (answer.containsKey("error")) {
      throw new AssertionError(method + " failed: " + answer.getJsonObject("error"));
    }
    return answer.getJsonObject("result");
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", new JsonObject().put("url", url));
  }

  /** Saves a PNG screenshot of the page. */
  void screenshot(Path file) throws Exception {
    call("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", 1000).put("height", 500)
        .put("deviceScaleFactor", 1).put("mobile", false));
    String data = call("Page.captureScreenshot", new JsonObject().put("format", "png")).getString("data");
    Files.write(file, java.util.Base64.getDecoder().decode(data));
  }

  /** Evaluates {@code expression} in the page and returns its value as a string (null as "null"). */
  String evaluate(String expression) throws Exception {
    JsonObject r = call("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true));
    return String.valueOf(r.getJsonObject("result").getValue("value"));
  }

  /** Evaluates {@code expression} until it returns "true"; fails with the last DOM after {@code timeout}. */
  void await(String expression, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!"true".equals(evaluate(expression))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("page never satisfied " + expression + "; DOM:\n"
            + evaluate("document.documentElement.outerHTML"));
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
