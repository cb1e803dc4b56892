package io.pgmob.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * One PostgreSQL server on this machine, in a directory of its own: {@code data/} (the data
 * directory), {@code sock/} (its Unix socket), {@code server.log} and {@code cluster.properties}
 * (major and port, so that {@link #attach(Path)} finds it again from another process).
 *
 * <p>The server listens on {@code 127.0.0.1} only. Its superuser is {@code postgres}; with a
 * {@linkplain Builder#superuserPassword(String) password} TCP clients authenticate with
 * SCRAM-SHA-256, without one every loopback TCP client is trusted. Unix-socket clients are always
 * trusted. Commands run as {@link OsUser#current()}.
 *
 * <p>By default a server is stopped when the JVM exits, also when the JVM is killed: a shutdown
 * hook stops it, and a small watchdog process, started with the first such server, stops what a
 * killed JVM left running. {@link Builder#stopWhenJvmExits(boolean) stopWhenJvmExits(false)}
 * leaves it running (a detached server, as {@code pgmob sandbox} starts them).
 *
 * <pre>{@code
 * EmbeddedCluster pg = EmbeddedCluster.builder(Path.of("/tmp/state-db"))
 *     .majorVersion(17)
 *     .superuserPassword(secret)
 *     .build()
 *     .create();   // initdb
 * pg.start();     // pg_ctl start, waits until it accepts connections
 * int port = pg.port();
 * pg.stop();
 * }</pre>
 *
 * <p>Thread-safe for the usual use (one owner that creates, starts and stops it).
 */
public final class EmbeddedCluster {

  /** The superuser's name. */
  public static final String SUPERUSER = "postgres";

  private static final String PROPERTIES = "cluster.properties";
  private static final ConcurrentMap<String, Object> TEMPLATE_LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final int major;
  private final @Nullable String password;
  private final Map<String, String> settings;
  private final @Nullable Path template;
  private final boolean stopWhenJvmExits;
  private final boolean deleteWhenJvmExits;
  private volatile int port;

  private EmbeddedCluster(Builder b) {
    this.directory = b.directory.toAbsolutePath().normalize();
    this.major = b.major;
    this.password = b.password;
    this.settings = Map.copyOf(b.settings);
    this.template = b.template == null ? null : b.template.toAbsolutePath().normalize();
    this.stopWhenJvmExits = b.stopWhenJvmExits;
    this.deleteWhenJvmExits = b.deleteWhenJvmExits;
    this.port = b.port;
  }

  /**
   * A builder for a server in {@code directory} (created by {@link #create()}; it must not hold a
   * data directory yet).
   *
   * @param directory the server's own directory; every directory above it must be searchable by
   *     {@link OsUser#current()}, and its path short (Unix socket paths are limited to 107 bytes)
   * @return a builder with the defaults: {@link PgBinaries#DEFAULT_MAJOR}, a free port, no password
   */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  /**
   * A server created earlier, by this or another process, in {@code directory}; running or not. It
   * is not stopped when this JVM exits.
   *
   * @param directory the directory {@link #create()} made
   * @return the server
   * @throws IllegalStateException when {@code directory} holds no server created by this class
   */
  public static EmbeddedCluster attach(Path directory) {
    Path props = directory.resolve(PROPERTIES);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(props)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("no embedded PostgreSQL server in " + directory + ": cannot read "
          + props + " (" + e.getMessage() + ")", e);
    }
    try {
      return builder(directory)
          .majorVersion(Integer.parseInt(p.getProperty("major", "")))
          .port(Integer.parseInt(p.getProperty("port", "")))
          .stopWhenJvmExits(false)
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("malformed " + props + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the data directory: a copy of the {@linkplain Builder#template(Path) template} when
   * one is set (initialised on first use), {@code initdb} otherwise; then writes the server's
   * settings. Chooses a free port when none was given.
   *
   * @return this server, created and stopped
   * @throws IllegalStateException when the directory already holds a data directory, or initdb fails
   */
  public EmbeddedCluster create() {
    Path binaries = binaries();
    if (Files.exists(dataDirectory())) {
      throw new IllegalStateException(directory + " already holds a data directory");
    }
    try {
      Files.createDirectories(directory);
      OsUser.current().own(directory);
      if (stopWhenJvmExits || deleteWhenJvmExits) {
        JvmExit.register(this, binaries, deleteWhenJvmExits);
      }
      if (template != null) {
        Path templateData = ensureTemplate(template, binaries);
        Processes.check(List.of("cp", "-a", templateData.toString(), dataDirectory().toString()), 120,
            "copying the template data directory " + templateData);
      } else {
        initdb(directory, dataDirectory(), binaries);
      }
      Files.createDirectories(socketDirectory());
      OsUser.current().own(socketDirectory());
      if (port == 0) {
        port = freePort();
      }
      StringBuilder conf = new StringBuilder("\n# pgmob embedded\n")
          .append("port = ").append(port).append('\n')
          .append("listen_addresses = '127.0.0.1'\n")
          .append("unix_socket_directories = '").append(socketDirectory().toString().replace("'", "''"))
          .append("'\n");
      for (Map.Entry<String, String> e : settings.entrySet()) {
        conf.append(e.getKey()).append(" = '").append(e.getValue().replace("'", "''")).append("'\n");
      }
      Files.writeString(dataDirectory().resolve("postgresql.conf"), conf.toString(), StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      Files.writeString(directory.resolve(PROPERTIES),
          "# written by pgmob: how to find this server again\nmajor=" + major + "\nport=" + port + "\n",
          StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the server directory " + directory, e);
    }
  }

  private Path ensureTemplate(Path dir, Path binaries) throws IOException {
    String auth = password == null ? "trust" : "scram";
    synchronized (TEMPLATE_LOCKS.computeIfAbsent(dir.toString(), k -> new Object())) {
      Files.createDirectories(dir);
      Dirs.makeTraversable(dir);
      try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        Path marker = dir.resolve("template.properties");
        if (Files.exists(marker)) {
          Properties p = new Properties();
          try (InputStream in = Files.newInputStream(marker)) {
            p.load(in);
          }
          if (!String.valueOf(major).equals(p.getProperty("major")) || !auth.equals(p.getProperty("auth"))) {
            throw new IllegalStateException("the template " + dir + " is for PostgreSQL " + p.getProperty("major")
                + " with " + p.getProperty("auth") + " authentication, not " + major + " with " + auth
                + ": use one template directory per major and authentication");
          }
        } else {
          OsUser.current().own(dir);
          initdb(dir, dir.resolve("data"), binaries);
          Files.writeString(marker, "major=" + major + "\nauth=" + auth + "\n", StandardCharsets.UTF_8);
        }
      }
      return dir.resolve("data");
    }
  }

  private void initdb(Path workDir, Path data, Path binaries) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(binaries.resolve("bin/initdb").toString(),
        "-D", data.toString(), "-U", SUPERUSER, "-E", "UTF8", "--no-locale", "-N", "--auth-local=trust"));
    Path pw = workDir.resolve(".pwfile");
    try {
      if (password != null) {
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        OsUser.current().own(pw);
        cmd.addAll(List.of("--auth-host=scram-sha-256", "--pwfile=" + pw));
      } else {
        cmd.add("--auth-host=trust");
      }
      Processes.check(cmd, 180, "initdb for PostgreSQL " + major);
    } finally {
      Files.deleteIfExists(pw);
    }
  }

  /**
   * Starts the server and waits until it accepts connections (up to 60 s).
   *
   * @throws IllegalStateException when it does not start; the message holds pg_ctl's output and
   *     the server log (for example "could not bind" when the port is taken)
   */
  public void start() {
    Processes.Result r = Processes.runAsServerUser(List.of(binaries().resolve("bin/pg_ctl").toString(),
        "-D", dataDirectory().toString(), "-l", logFile().toString(), "-w", "-t", "60", "start"), 90);
    if (r.exitCode() != 0) {
      String log = "";
      try {
        log = Files.exists(logFile()) ? Files.readString(logFile()) : "";
      } catch (IOException ignored) {
        // the message below is still useful
      }
      throw new IllegalStateException("PostgreSQL " + major + " in " + directory + " did not start on port "
          + port + ": " + r.output().trim() + "\n" + log);
    }
  }

  /**
   * Restarts the server (for settings that need it), keeping data and port.
   *
   * @throws IllegalStateException when pg_ctl fails
   */
  public void restart() {
    Processes.check(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D", dataDirectory().toString(),
        "-l", logFile().toString(), "-w", "-t", "60", "-m", "fast", "restart"), 90, "restarting " + directory);
  }

  /**
   * Stops the server if it runs: a fast shutdown (sessions are ended), then an immediate one if that
   * fails within 30 s. Does nothing when it is not running.
   */
  public void stop() {
    if (!Files.exists(dataDirectory().resolve("postmaster.pid"))) {
      return;
    }
    Path pgCtl = binaries().resolve("bin/pg_ctl");
    Processes.Result r = Processes.runAsServerUser(List.of(pgCtl.toString(),
        "-D", dataDirectory().toString(), "-m", "fast", "-w", "-t", "30", "stop"), 45);
    if (r.exitCode() != 0) {
      Processes.runAsServerUser(List.of(pgCtl.toString(),
          "-D", dataDirectory().toString(), "-m", "immediate", "-w", "-t", "30", "stop"), 45);
    }
  }

  /** Stops the server and removes its directory. */
  public void delete() {
    try {
      stop();
    } finally {
      JvmExit.unregister(this);
      Dirs.deleteTree(directory);
    }
  }

  /** {@return the process id of the running postmaster; empty when the server is not running} */
  public OptionalLong pid() {
    Path pidFile = dataDirectory().resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return OptionalLong.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return OptionalLong.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      return isAlive(pid) ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Whether a process runs: exists and is not a zombie (a stopped postmaster is reparented and may
   * wait a while for its new parent to reap it).
   *
   * @param pid a process id
   * @return true when the process exists and has not exited
   */
  public static boolean isAlive(long pid) {
    Path stat = Path.of("/proc", String.valueOf(pid), "stat");
    if (Files.isDirectory(Path.of("/proc/self"))) {
      try {
        String s = Files.readString(stat, StandardCharsets.UTF_8);
        int close = s.lastIndexOf(')');
        char state = close > 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
        return state != 'Z' && state != 'X';
      } catch (IOException e) {
        return false;
      }
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
  }

  /** {@return whether the postmaster runs} */
  public boolean isRunning() {
    return pid().isPresent();
  }

  /** {@return the server's own directory} */
  public Path directory() {
    return directory;
  }

  /** {@return the data directory, {@code <directory>/data}} */
  public Path dataDirectory() {
    return directory.resolve("data");
  }

  /** {@return the directory of the server's Unix socket, {@code <directory>/sock}} */
  public Path socketDirectory() {
    return directory.resolve("sock");
  }

  /** {@return the server log, {@code <directory>/server.log}} */
  public Path logFile() {
    return directory.resolve("server.log");
  }

  /** {@return the TCP port on 127.0.0.1; 0 until {@link #create()} chose one when none was given} */
  public int port() {
    return port;
  }

  /** {@return the PostgreSQL major version} */
  public int majorVersion() {
    return major;
  }

  /** {@return the directory of the binaries ({@code bin/postgres} etc.), see {@link PgBinaries}} */
  public Path binaries() {
    return PgBinaries.forMajor(major);
  }

  /** {@return whether TCP clients must give the superuser's password (SCRAM-SHA-256)} */
  public boolean requiresPassword() {
    return password != null;
  }

  /**
   * Registers a directory to remove when this JVM exits or is killed, after its servers stopped
   * (for example a directory of templates).
   *
   * @param directory the directory to remove
   */
  public static void deleteWhenJvmExits(Path directory) {
    JvmExit.registerDirectory(directory.toAbsolutePath().normalize());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedCluster[PostgreSQL " + major + " in " + directory + ", port " + port
        + (password == null ? ", trust" : ", scram") + "]";
  }

  /** Builder for {@link EmbeddedCluster}. */
  public static final class Builder {
    private final Path directory;
    private int major = PgBinaries.DEFAULT_MAJOR;
    private int port;
    private @Nullable String password;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private @Nullable Path template;
    private boolean stopWhenJvmExits = true;
    private boolean deleteWhenJvmExits;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * The major version. Default: {@link PgBinaries#DEFAULT_MAJOR}.
     *
     * @param major 13 to 18
     * @return this builder
     * @throws IllegalArgumentException when not supported
     */
    public Builder majorVersion(int major) {
      this.major = PgBinaries.checkMajor(major);
      return this;
    }

    /**
     * The TCP port on 127.0.0.1. Default: 0, a free port chosen by {@link #create()}.
     *
     * @param port 0, or 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free port) or 1 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The superuser's password; TCP clients then authenticate with SCRAM-SHA-256. Default: none,
     * every loopback TCP client is trusted. The password is handed to initdb in a file readable
     * only by the server user and removed right after; it appears in no message.
     *
     * @param password the password, or null for trust
     * @return this builder
     */
    public Builder superuserPassword(@Nullable String password) {
      if (password != null && (password.isEmpty() || password.contains("\n"))) {
        throw new IllegalArgumentException("the superuser password must be non-empty and on one line");
      }
      this.password = password;
      return this;
    }

    /**
     * Adds a {@code postgresql.conf} setting, for example {@code ("wal_level", "logical")}.
     *
     * @param name the setting's name
     * @param value its value, as written in {@code postgresql.conf} (quoted by this class)
     * @return this builder
     */
    public Builder setting(String name, String value) {
      if (!name.matches("[a-z_][a-z0-9_.]*")) {
        throw new IllegalArgumentException("not a setting name: '" + name + "'");
      }
      settings.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * A template directory: initialised with {@code initdb} the first time (by whichever process
     * gets there first) and then copied, which is much faster than an initdb per server. Use one
     * template directory per major and authentication mode, and the same password for every
     * server made from a password template. Default: none, initdb for each server.
     *
     * @param templateDirectory where the template lives
     * @return this builder
     */
    public Builder template(@Nullable Path templateDirectory) {
      this.template = templateDirectory;
      return this;
    }

    /**
     * Whether the server is stopped when this JVM exits or is killed. Default: true.
     *
     * @param stop false to leave it running (a detached server)
     * @return this builder
     */
    public Builder stopWhenJvmExits(boolean stop) {
      this.stopWhenJvmExits = stop;
      return this;
    }

    /**
     * Whether the server's directory is removed when this JVM exits or is killed (after it
     * stopped). Default: false.
     *
     * @param delete true for a throw-away server (tests)
     * @return this builder
     */
    public Builder deleteWhenJvmExits(boolean delete) {
      this.deleteWhenJvmExits = delete;
      return this;
    }

    /** {@return the server, not yet created} */
    public EmbeddedCluster build() {
      return new EmbeddedCluster(this);
    }
  }
}
