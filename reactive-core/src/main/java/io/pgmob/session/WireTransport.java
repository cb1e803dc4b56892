package io.pgmob.session;

import io.pgmob.error.InvalidInputException;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The driver that speaks the PostgreSQL protocol for a {@link ConnectionSpec}. Both run the same
 * pgmob code above them and the same tests; they differ in client CPU and memory per session.
 *
 * <pre>{@code
 * ConnectionSpec spec = ConnectionSpec.builder().host("db1").user("admin")
 *     .transport(WireTransport.VERTX)
 *     .build();
 * }</pre>
 *
 * <p>The default for specs that do not choose is the system property {@value #PROPERTY} ({@code
 * r2dbc} or {@code vertx}), else {@link #R2DBC}.
 */
public enum WireTransport {

  /** r2dbc-postgresql on Reactor Netty: a shared set of at most four event loops. */
  R2DBC,

  /**
   * The Vert.x PG client (io.vertx:vertx-pg-client) on a Vert.x instance: the one given to {@link
   * #useVertx(Vertx)} (the control plane gives its own), else one pgmob starts on first use with at
   * most four event loops on daemon threads.
   */
  VERTX;

  /** The system property that sets the default transport: {@code r2dbc} or {@code vertx}. */
  public static final String PROPERTY = "pgmob.transport";

  /**
   * The default transport: the system property {@value #PROPERTY}, else {@link #R2DBC}.
   *
   * @throws InvalidInputException if the property names no transport
   */
  public static WireTransport defaultTransport() {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank()) {
      return R2DBC;
    }
    return parse(v);
  }

  /**
   * The transport named {@code name} ({@code r2dbc} or {@code vertx}, any case).
   *
   * @throws InvalidInputException for any other name
   */
  public static WireTransport parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "r2dbc" -> R2DBC;
      case "vertx", "vert.x" -> VERTX;
      default -> throw new InvalidInputException("unknown wire transport '" + name + "'; use r2dbc or vertx");
    };
  }

  /**
   * Runs the {@link #VERTX} transport's connections opened from now on on {@code vertx}'s event
   * loops, for example the control plane's, so one process has one set of event loops. Sessions
   * open already stay where they are. The caller keeps owning {@code vertx}; once it is closed,
   * new connections run on pgmob's own Vert.x again. Close it only after the sessions on it.
   */
  public static void useVertx(Vertx vertx) {
    Objects.requireNonNull(vertx, "vertx");
    shared = vertx;
    if (vertx instanceof io.vertx.core.internal.VertxInternal vi) {
      vi.addCloseHook(done -> {
        synchronized (WireTransport.class) {
          if (shared == vertx) {
            shared = null;
          }
        }
        done.succeed();
      });
    }
  }

  /** {@return the Vert.x given to {@link #useVertx(Vertx)} and not closed since, if any} */
  public static @Nullable Vertx sharedVertx() {
    return shared;
  }

  private static volatile @Nullable Vertx shared;
}
