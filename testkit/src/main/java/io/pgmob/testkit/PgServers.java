package io.pgmob.testkit;

import io.pgmob.testkit.internal.ContainerServers;
import io.pgmob.testkit.internal.EmbeddedServers;
import io.pgmob.testkit.internal.ExternalServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts real PostgreSQL servers from the first provider that can serve them.
 *
 * <p>Providers, in order (force one with {@code -Dpgmob.testkit.provider=external|docker|embedded}):
 *
 * <ol>
 *   <li>{@code external}: servers named by the environment variable {@code PGMOB_TEST_SERVERS}, a
 *       comma-separated list of {@code postgresql://superuser:password@host:port/database?version=15}
 *       URIs. They are shared, never stopped, and cannot take extra settings.
 *   <li>{@code docker}: Testcontainers' PostgreSQL module, when a Docker engine answers.
 *   <li>{@code embedded}: {@code initdb} + {@code pg_ctl} on this machine, from the binaries Maven
 *       fetched for every supported major (or those installed under {@code /usr/lib/postgresql}).
 *       When the JVM is root the servers run as an unprivileged OS user.
 * </ol>
 *
 * <pre>{@code
 * try (PgServer server = PgServers.start(ServerSpec.builder().majorVersion(16).build())) {
 *   String url = server.jdbcUrl("postgres");
 * }
 * }</pre>
 */
public final class PgServers {

  private PgServers() {}

  /** {@return the provider that {@link #start(ServerSpec)} uses in this JVM} */
  public static String provider() {
    String forced = System.getProperty("pgmob.testkit.provider");
    if (forced != null && !forced.isBlank()) {
      return forced.trim().toLowerCase(Locale.ROOT);
    }
    if (ExternalServers.configured()) {
      return "external";
    }
    if (ContainerServers.dockerAvailable()) {
      return "docker";
    }
    return "embedded";
  }

  /**
   * Starts (or, for external servers, picks) one server for {@code spec}. The caller closes it.
   *
   * @param spec the version, authentication and settings wanted
   * @return the server, running
   */
  public static PgServer start(ServerSpec spec) {
    return switch (provider()) {
      case "external" -> ExternalServers.pick(spec);
      case "docker" -> ContainerServers.start(spec);
      case "embedded" -> EmbeddedServers.instance().start(spec);
      default -> throw new IllegalArgumentException(
          "unknown pgmob.testkit.provider '" + provider() + "': use external, docker or embedded");
    };
  }

  /**
   * Starts a server with the default spec.
   *
   * @return the server, running
   */
  public static PgServer start() {
    return start(ServerSpec.defaults());
  }

  /**
   * Starts {@code count} servers for {@code spec}, a few at a time. If any fails to start, the ones
   * already started are stopped and the failure is thrown.
   *
   * @param spec the version, authentication and settings wanted
   * @param count how many servers, at least 1
   * @return the servers, running, in start order
   */
  public static List<PgServer> startMany(ServerSpec spec, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    int parallel = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "pgmob-testkit-start");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<PgServer>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(CompletableFuture.supplyAsync(() -> start(spec), pool));
      }
      List<PgServer> started = new ArrayList<>();
      RuntimeException failure = null;
      for (CompletableFuture<PgServer> f : futures) {
        try {
          started.add(f.join());
        } catch (CompletionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException re ? re : e;
          }
        }
      }
      if (failure != null) {
        started.forEach(PgServer::close);
        throw failure;
      }
      return started;
    } finally {
      pool.shutdown();
    }
  }
}
