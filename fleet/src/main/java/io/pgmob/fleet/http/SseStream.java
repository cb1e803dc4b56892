package io.pgmob.fleet.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.fleet.ops.FleetJson;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent-events response: {@code id:} and {@code data:} lines per event, a comment every
 * keep-alive interval so proxies keep the connection. Writes are moved onto the connection's
 * context, so events may be sent from any thread, and keep their order.
 */
final class SseStream {

  private final Vertx vertx;
  private final Context context;
  private final HttpServerResponse response;
  private final long timer;
  private volatile boolean closed;
  private @Nullable Runnable onClose;

  SseStream(Vertx vertx, Context context, HttpServerResponse response, Duration keepAlive) {
    this.vertx = vertx;
    this.context = context;
    this.response = response;
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write("retry: 2000\n: connected\n\n");
    this.timer = vertx.setPeriodic(Math.max(10, keepAlive.toMillis()), id -> {
      if (!closed) {
        response.write(": keep-alive\n\n");
      }
    });
    response.closeHandler(v -> closed());
  }

  /** Called once when the client goes away or the stream is ended. */
  void onClose(Runnable r) {
    this.onClose = r;
  }

  boolean isClosed() {
    return closed;
  }

  /** Sends one event ({@code id} null: no id line). */
  void send(@Nullable String id, ObjectNode data) {
    String text = (id != null ? "id: " + id + "\n" : "") + "data: " + FleetJson.write(data) + "\n\n";
    context.runOnContext(v -> {
      if (!closed && !response.ended()) {
        response.write(text);
      }
    });
  }

  /** Ends the response after the events sent so far. */
  void end() {
    context.runOnContext(v -> {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
      closed();
    });
  }

  private synchronized void closed() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(timer);
    Runnable r = onClose;
    if (r != null) {
      r.run();
    }
  }
}
