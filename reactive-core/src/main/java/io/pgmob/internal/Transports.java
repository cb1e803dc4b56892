package io.pgmob.internal;

import io.pgmob.ConnectionSpec;
import reactor.core.publisher.Mono;

/** Opens a session on the driver the spec chose ({@link ConnectionSpec#transport()}). */
public final class Transports {

  private Transports() {}

  /** Opens a session for {@code spec}. Errors are the driver's; callers translate them. */
  public static Mono<Session> open(ConnectionSpec spec) {
    return switch (spec.transport()) {
      case R2DBC -> Transport.open(spec).map(s -> s);
      case VERTX -> VertxTransport.open(spec);
    };
  }
}
