package io.pgmob.testkit.internal;

import io.pgmob.embedded.EmbeddedCluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.ServerSpec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Starts PostgreSQL servers on this machine (through {@link EmbeddedCluster}) from a per-JVM
 * template data directory (one {@code initdb} per major and auth mode, then a copy per server), so
 * that fifty servers take seconds.
 *
 * <p>Every server is stopped and removed when the JVM exits, also when it is killed (the embedded
 * module's shutdown hook and orphan watchdog); so is this JVM's directory.
 */
public final class EmbeddedServers {

  private static final EmbeddedServers INSTANCE = new EmbeddedServers();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Set<EmbeddedServer> running = ConcurrentHashMap.newKeySet();
  private final String password = randomPassword();
  private volatile boolean runRegistered;

  private EmbeddedServers() {}

  public static EmbeddedServers instance() {
    return INSTANCE;
  }

  /** Starts a new server for {@code spec}; the caller owns it and should close it. */
  public EmbeddedServer start(ServerSpec spec) {
    Path run = Workspace.run();
    if (!runRegistered) {
      EmbeddedCluster.deleteWhenJvmExits(run);
      runRegistered = true;
    }
    Path template = run.resolve("template-" + spec.majorVersion() + "-" + spec.auth().name().toLowerCase());
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      String name = "pg" + spec.majorVersion() + "-" + SEQUENCE.incrementAndGet();
      EmbeddedCluster.Builder b = EmbeddedCluster.builder(run.resolve(name))
          .majorVersion(spec.majorVersion())
          .template(template)
          .superuserPassword(spec.auth() == ServerSpec.Auth.SCRAM ? password : null)
          .stopWhenJvmExits(true)
          .deleteWhenJvmExits(true)
          .setting("fsync", "off")
          .setting("synchronous_commit", "off")
          .setting("full_page_writes", "off")
          .setting("shared_buffers", "16MB")
          .setting("max_connections", "100")
          .setting("log_line_prefix", "%m [%p] %q%u@%d ");
      for (Map.Entry<String, String> e : spec.settings().entrySet()) {
        b.setting(e.getKey(), e.getValue());
      }
      EmbeddedCluster cluster = b.build();
      EmbeddedServer server = null;
      try {
        cluster.create();
        server = new EmbeddedServer(this, "pg" + spec.majorVersion() + "-" + cluster.port() + "-"
            + name.substring(name.lastIndexOf('-') + 1), cluster, spec,
            spec.auth() == ServerSpec.Auth.SCRAM ? password : null);
        running.add(server);
        cluster.start();
        return server;
      } catch (IllegalStateException e) {
        if (server != null) {
          running.remove(server);
        }
        last = e;
        cluster.delete();
        String message = String.valueOf(e.getMessage());
        if (!message.contains("could not bind") && !message.contains("already in use")) {
          break;
        }
      }
    }
    throw last;
  }

  void stopped(EmbeddedServer server) {
    running.remove(server);
  }

  /** The servers this JVM has running. */
  public Set<EmbeddedServer> running() {
    return Set.copyOf(running);
  }

  private static String randomPassword() {
    SecureRandom r = new SecureRandom();
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** A server this JVM started. */
  public static final class EmbeddedServer implements PgServer {
    private final EmbeddedServers owner;
    private final String name;
    private final EmbeddedCluster cluster;
    private final ServerSpec spec;
    private final @Nullable String password;
    private volatile boolean stopped;

    EmbeddedServer(EmbeddedServers owner, String name, EmbeddedCluster cluster, ServerSpec spec,
        @Nullable String password) {
      this.owner = owner;
      this.name = name;
      this.cluster = cluster;
      this.spec = spec;
      this.password = password;
    }

    /** Restarts the server (for settings that need it), keeping data, port and password. */
    public void restart() {
      cluster.restart();
    }

    void tryStop() {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        cluster.delete();
      } finally {
        owner.stopped(this);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String host() {
      return "127.0.0.1";
    }

    @Override
    public int port() {
      return cluster.port();
    }

    @Override
    public String superuser() {
      return EmbeddedCluster.SUPERUSER;
    }

    @Override
    public @Nullable String password() {
      return password;
    }

    @Override
    public String database() {
      return "postgres";
    }

    @Override
    public int majorVersion() {
      return spec.majorVersion();
    }

    @Override
    public Optional<Path> dataDirectory() {
      return Optional.of(cluster.dataDirectory());
    }

    @Override
    public Optional<Path> logFile() {
      return Optional.of(cluster.logFile());
    }

    @Override
    public boolean isEmbedded() {
      return true;
    }

    /** The directory of the server's binaries ({@code bin/postgres} etc.). */
    public Path binaries() {
      return cluster.binaries();
    }

    @Override
    public void close() {
      tryStop();
    }

    @Override
    public String toString() {
      return "PgServer[" + name + " at " + host() + ":" + port() + ", PostgreSQL " + spec.majorVersion()
          + ", auth " + spec.auth() + "]";
    }
  }
}
