package io.pgmob.internal;

import io.pgmob.session.ConnectionSpec;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Opens a session on the driver the spec chose ({@link ConnectionSpec#transport()}). */
final class Transports {

  private Transports() {}

  /**
   * Starts what the spec's driver needs once per process (the Vert.x instance), so that this does
   * not count against a connect timeout.
   */
  public static Mono<Void> ready(ConnectionSpec spec) {
    return spec.transport() == io.pgmob.session.WireTransport.VERTX
        ? Mono.fromRunnable(VertxTransport::vertx)
        : Mono.empty();
  }

  /**
   * Opens a session for {@code spec} with {@code password}, the value its supplier gave for this
   * connect (null: none). Errors are the driver's; callers translate them.
   */
  public static Mono<Transport> open(ConnectionSpec spec, @Nullable CharSequence password) {
    return switch (spec.transport()) {
      case R2DBC -> R2dbcTransport.open(spec, password).map(s -> s);
      case VERTX -> VertxTransport.open(spec, password);
    };
  }
}
