package io.pgmob.examples;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Throw-away PostgreSQL clusters for the examples, started on this machine by the testkit (or
 * taken from {@code PGMOB_TEST_SERVERS}), and the specs, clusters and inventories that reach them.
 *
 * <pre>{@code
 * try (LocalClusters local = LocalClusters.start(3)) {
 *   Fleet fleet = Fleet.create(local.inventory());
 *   ...
 * }   // every cluster started here is stopped
 * }</pre>
 *
 * <p>The testkit also stops its servers from a shutdown hook (Ctrl-C) and, should the JVM be
 * killed, from a watchdog process.
 */
public final class LocalClusters implements AutoCloseable {

  private final List<PgServer> servers;

  private LocalClusters(List<PgServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /** Starts {@code count} clusters of the default major version. */
  public static LocalClusters start(int count) {
    return start(ServerSpec.defaults(), count);
  }

  /** Starts {@code count} clusters for {@code spec}, a few at a time; stops them all if one fails. */
  public static LocalClusters start(ServerSpec spec, int count) {
    return new LocalClusters(PgServers.startMany(spec, count));
  }

  /** The servers, in start order. */
  public List<PgServer> servers() {
    return servers;
  }

  /** The first server's superuser spec for {@code postgres}. */
  public ConnectionSpec spec() {
    return spec(servers.get(0), servers.get(0).database());
  }

  /** Connects to the first server as superuser. */
  public Mono<Cluster> connect() {
    return Cluster.connect(spec());
  }

  /** The clusters as a fleet inventory (see {@link #inventory(List)}). */
  public Inventory inventory() {
    return inventory(servers);
  }

  /**
   * An inventory of {@code servers}: targets {@code pg-01}, {@code pg-02}, ... in order, labelled
   * {@code env=demo} and {@code region=eu} / {@code us} alternately.
   */
  public static Inventory inventory(List<PgServer> servers) {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      PgServer s = servers.get(i);
      targets.add(Target.of(String.format("pg-%02d", i + 1), spec(s, s.database()),
          Map.of("env", "demo", "region", i % 2 == 0 ? "eu" : "us")));
    }
    return Inventory.of(targets);
  }

  /** A superuser spec for {@code database} on {@code server}. */
  public static ConnectionSpec spec(PgServer server, String database) {
    ConnectionSpec.Builder b = ConnectionSpec.builder()
        .name(server.name())
        .host(server.host())
        .port(server.port())
        .database(database)
        .user(server.superuser())
        .sslMode(SslMode.DISABLE)
        .connectTimeout(Duration.ofSeconds(20))
        .applicationName("pgmob-examples");
    if (server.password() != null) {
      b.password(server.password());
    }
    return b.build();
  }

  /** Stops every cluster this started. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (PgServer s : servers) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
