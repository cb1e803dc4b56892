package io.pgmob.fleet.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.fleet.ops.FleetJson;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An error answered as {@code application/problem+json} (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail}, and for validation errors {@code errors: [{field, message}]}.
 */
final class Problem extends RuntimeException {

  /** One invalid field of a request. */
  record FieldError(String field, String message) {}

  final int status;
  final String kind;
  final String title;
  final List<FieldError> errors;

  Problem(int status, String kind, String title, String detail) {
    this(status, kind, title, detail, List.of());
  }

  Problem(int status, String kind, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.kind = kind;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
  }

  static Problem conflict(String detail) {
    return new Problem(409, "conflict", "Conflict", detail);
  }

  static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Bad request", detail);
  }

  static Problem invalid(List<FieldError> errors) {
    return new Problem(422, "validation", "Invalid request",
        errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid", errors);
  }

  ObjectNode toJson(@Nullable String instance) {
    ObjectNode o = FleetJson.object().put("type", "urn:pgmob:problem:" + kind).put("title", title).put("status", status)
        .put("detail", getMessage());
    if (instance != null) {
      o.put("instance", instance);
    }
    if (!errors.isEmpty()) {
      ArrayNode a = o.putArray("errors");
      errors.forEach(e -> a.addObject().put("field", e.field()).put("message", e.message()));
    }
    return o;
  }

  void send(HttpServerResponse resp, @Nullable String instance) {
    if (resp.ended() || resp.closed()) {
      return;
    }
    resp.setStatusCode(status).putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store");
    if (status == 401) {
      resp.putHeader("WWW-Authenticate", "Bearer realm=\"pgmob\"");
    }
    resp.end(FleetJson.write(toJson(instance)));
  }
}
