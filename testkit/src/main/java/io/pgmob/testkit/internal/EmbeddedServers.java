package io.pgmob.testkit.internal;

import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.ServerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts PostgreSQL servers on this machine from a per-JVM template data directory (one {@code
 * initdb} per major and auth mode, then a copy per server), so that fifty servers take seconds.
 *
 * <p>Every server is stopped when the JVM exits: by a shutdown hook, and, should the JVM be
 * killed, by a watchdog process that outlives it and stops whatever the JVM left running.
 */
public final class EmbeddedServers {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);
  private static final EmbeddedServers INSTANCE = new EmbeddedServers();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Map<String, Path> templates = new ConcurrentHashMap<>();
  private final Set<EmbeddedServer> running = ConcurrentHashMap.newKeySet();
  private final String password = randomPassword();
  private volatile boolean watchdogStarted;

  private EmbeddedServers() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "pgmob-testkit-shutdown"));
  }

  public static EmbeddedServers instance() {
    return INSTANCE;
  }

  /** Starts a new server for {@code spec}; the caller owns it and should close it. */
  public EmbeddedServer start(ServerSpec spec) {
    Path binaries = Binaries.forMajor(spec.majorVersion());
    Path template = templates.computeIfAbsent(
        spec.majorVersion() + "-" + spec.auth(), k -> initTemplate(binaries, spec));
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      String name = "pg" + spec.majorVersion() + "-" + port + "-" + SEQUENCE.incrementAndGet();
      Path dir = Workspace.run().resolve(name);
      EmbeddedServer server = new EmbeddedServer(this, name, binaries, dir, port, spec,
          spec.auth() == ServerSpec.Auth.SCRAM ? password : null);
      try {
        prepare(template, dir, port, spec);
        startWatchdog();
        try {
          registerWithWatchdog(dir.resolve("data"));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot register " + dir + " with the watchdog", e);
        }
        running.add(server);
        server.startProcess();
        return server;
      } catch (IllegalStateException e) {
        running.remove(server);
        last = e;
        server.tryStop();
        if (!e.getMessage().contains("could not bind") && !e.getMessage().contains("already in use")) {
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

  private void stopAll() {
    List<Thread> stoppers = new ArrayList<>();
    for (EmbeddedServer s : running) {
      Thread t = new Thread(s::tryStop, "pgmob-testkit-stop-" + s.name());
      t.start();
      stoppers.add(t);
    }
    for (Thread t : stoppers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Binaries.deleteTree(Workspace.run());
  }

  private Path initTemplate(Path binaries, ServerSpec spec) {
    try {
      Path dir = Workspace.run().resolve("template-" + spec.majorVersion() + "-" + spec.auth().name().toLowerCase());
      Files.createDirectories(dir);
      OsUser.current().own(dir);
      Path data = dir.resolve("data");
      List<String> cmd = Processes.list(binaries.resolve("bin/initdb").toString(),
          "-D", data.toString(), "-U", "postgres", "-E", "UTF8", "--no-locale", "-N");
      if (spec.auth() == ServerSpec.Auth.SCRAM) {
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        OsUser.current().own(pw);
        cmd.addAll(List.of("--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pw));
      } else {
        cmd.addAll(List.of("--auth-local=trust", "--auth-host=trust"));
      }
      Processes.check(cmd, 120, "initdb for PostgreSQL " + spec.majorVersion());
      LOG.debug("initialised template {}", data);
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a template data directory", e);
    }
  }

  private void prepare(Path template, Path dir, int port, ServerSpec spec) {
    try {
      Files.createDirectories(dir);
      OsUser.current().own(dir);
      Processes.check(List.of("cp", "-a", template.toString(), dir.resolve("data").toString()), 120,
          "copying the template data directory");
      Files.createDirectories(dir.resolve("sock"));
      OsUser.current().own(dir.resolve("sock"));
      StringBuilder conf = new StringBuilder("\n# pgmob testkit\n")
          .append("port = ").append(port).append('\n')
          .append("listen_addresses = '127.0.0.1'\n")
          .append("unix_socket_directories = '").append(dir.resolve("sock")).append("'\n")
          .append("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
          .append("shared_buffers = 16MB\nmax_connections = 100\n")
          .append("log_line_prefix = '%m [%p] %q%u@%d '\n");
      tls(dir.resolve("data"), spec, conf);
      for (Map.Entry<String, String> e : spec.settings().entrySet()) {
        conf.append(e.getKey()).append(" = '").append(e.getValue().replace("'", "''")).append("'\n");
      }
      if (!spec.hba().isEmpty()) {
        Path hba = dir.resolve("data/pg_hba.conf");
        String rules = String.join("\n", spec.hba()) + "\n# defaults\n" + Files.readString(hba, StandardCharsets.UTF_8);
        Files.writeString(hba, rules, StandardCharsets.UTF_8);
      }
      Files.writeString(dir.resolve("data/postgresql.conf"), conf.toString(), StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  /** Writes the server's certificate, key and client CA into the data directory and turns TLS on. */
  private static void tls(Path data, ServerSpec spec, StringBuilder conf) throws IOException {
    io.pgmob.testkit.TestCertificates.Issued cert = spec.tlsCertificate();
    if (cert == null) {
      return;
    }
    cert.writeCertificate(data.resolve("server.crt"));
    // the server refuses a key that its owner's group or others may read
    cert.writeKey(data.resolve("server.key"));
    OsUser.current().own(data.resolve("server.crt"));
    OsUser.current().own(data.resolve("server.key"));
    conf.append("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
    if (spec.tlsClientCa() != null) {
      spec.tlsClientCa().writeCertificate(data.resolve("client-ca.crt"));
      OsUser.current().own(data.resolve("client-ca.crt"));
      conf.append("ssl_ca_file = 'client-ca.crt'\n");
    }
  }

  private synchronized void startWatchdog() {
    if (watchdogStarted) {
      return;
    }
    Path list = Workspace.run().resolve("datadirs");
    try {
      Files.writeString(list, "", StandardCharsets.UTF_8);
      OsUser.current().own(list);
      long pid = ProcessHandle.current().pid();
      // Outlives a killed JVM; stops every server it left behind. Runs as the server user, so it can.
      String script = "while [ -d /proc/" + pid + " ]; do sleep 2; done; "
          + "while read -r d; do [ -f \"$d/postmaster.pid\" ] && \"$PGCTL\" -D \"$d\" stop -m immediate -w -t 20; done < '"
          + list + "'; rm -rf '" + Workspace.run() + "' 2>/dev/null; exit 0";
      Path pgCtl = Binaries.forMajor(ServerSpec.DEFAULT_VERSION >= 13 ? ServerSpec.DEFAULT_VERSION : 15)
          .resolve("bin/pg_ctl");
      ProcessBuilder pb = new ProcessBuilder(OsUser.current().wrap(List.of("setsid", "sh", "-c", script)))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().put("PGCTL", pgCtl.toString());
      pb.start();
      watchdogStarted = true;
    } catch (IOException e) {
      LOG.warn("could not start the orphan watchdog; servers are still stopped by a shutdown hook", e);
    }
  }

  private void registerWithWatchdog(Path data) throws IOException {
    Files.writeString(Workspace.run().resolve("datadirs"), data + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
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
    private final Path binaries;
    private final Path dir;
    private final int port;
    private final ServerSpec spec;
    private final String password;
    private volatile boolean stopped;

    EmbeddedServer(EmbeddedServers owner, String name, Path binaries, Path dir, int port,
        ServerSpec spec, String password) {
      this.owner = owner;
      this.name = name;
      this.binaries = binaries;
      this.dir = dir;
      this.port = port;
      this.spec = spec;
      this.password = password;
    }

    void startProcess() {
      Processes.Result r = Processes.runAsServerUser(List.of(binaries.resolve("bin/pg_ctl").toString(),
          "-D", dir.resolve("data").toString(), "-l", logPath().toString(), "-w", "-t", "60", "start"), 90);
      if (r.exitCode() != 0) {
        String log = "";
        try {
          log = Files.exists(logPath()) ? Files.readString(logPath()) : "";
        } catch (IOException ignored) {
          // the message below is still useful
        }
        throw new IllegalStateException("PostgreSQL " + spec.majorVersion() + " did not start on port "
            + port + ": " + r.output() + "\n" + log);
      }
    }

    /** Restarts the server (for settings that need it), keeping data, port and password. */
    public void restart() {
      Processes.check(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-l", logPath().toString(), "-w", "-t", "60", "-m", "fast", "restart"), 90, "restarting " + name);
    }

    private Path logPath() {
      return dir.resolve("server.log");
    }

    void tryStop() {
      if (stopped) {
        return;
      }
      stopped = true;
      try {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
          Processes.Result r = Processes.runAsServerUser(List.of(binaries.resolve("bin/pg_ctl").toString(),
              "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "30", "stop"), 45);
          if (r.exitCode() != 0) {
            Processes.runAsServerUser(List.of(binaries.resolve("bin/pg_ctl").toString(),
                "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "-t", "30", "stop"), 45);
          }
        }
      } finally {
        owner.stopped(this);
        Binaries.deleteTree(dir);
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
      return port;
    }

    @Override
    public String superuser() {
      return "postgres";
    }

    @Override
    public String password() {
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
    public java.util.Optional<Path> dataDirectory() {
      return java.util.Optional.of(dir.resolve("data"));
    }

    @Override
    public java.util.Optional<Path> logFile() {
      return java.util.Optional.of(logPath());
    }

    @Override
    public boolean isEmbedded() {
      return true;
    }

    /** The directory of the server's binaries ({@code bin/postgres} etc.). */
    public Path binaries() {
      return binaries;
    }

    @Override
    public void close() {
      tryStop();
    }

    @Override
    public String toString() {
      return "PgServer[" + name + " at " + host() + ":" + port + ", PostgreSQL " + spec.majorVersion()
          + ", auth " + spec.auth() + "]";
    }
  }
}
