package io.pgmob.fleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgmob.embedded.EmbeddedCluster;
import io.pgmob.embedded.OsUser;
import io.pgmob.embedded.PgBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A sandbox fleet on this machine: local PostgreSQL clusters started detached (they outlive the
 * command), an inventory for them and the superuser's password in a file, all found again from the
 * sandbox directory.
 *
 * <p>Layout of the sandbox directory: {@code sandbox.json} (the clusters: name, directory, port,
 * major, labels), {@code fleet.yaml} (the inventory), {@code superuser.password} (mode 0600) and,
 * when the server user can enter the directory, {@code clusters/} with one directory per cluster.
 * When it cannot (root's home is closed to the {@code postgres} user), the clusters live in
 * {@code <tmpdir>/pgmob-sandbox-<user>-<hash>} instead, which {@code sandbox.json} records.
 */
final class Sandbox {

  static final String STATE = "sandbox.json";
  static final String INVENTORY = "fleet.yaml";
  static final String PASSWORD = "superuser.password";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<String> REGIONS = List.of("eu", "us");

  /** A cluster of the sandbox, as recorded in {@code sandbox.json}. */
  record Member(String name, String directory, int port, int major, Map<String, String> labels) {}

  /** What {@code sandbox.json} holds. */
  record State(String clustersRoot, List<Member> clusters) {}

  /** A refused request (nothing was started or stopped): exit 64. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final Path dir;

  Sandbox(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path directory() {
    return dir;
  }

  Path inventory() {
    return dir.resolve(INVENTORY);
  }

  Path passwordFile() {
    return dir.resolve(PASSWORD);
  }

  /** The recorded state, or null when there is no sandbox in the directory. */
  @Nullable State state() {
    Path file = dir.resolve(STATE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readValue(file.toFile(), State.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage()
          + " (remove the directory by hand if no cluster of it runs)", e);
    }
  }

  /** The plan for {@code count} clusters: names, majors (round-robin over {@code versions}) and labels. */
  static List<Member> plan(int count, List<Integer> versions, int firstPort) {
    List<Member> members = new ArrayList<>();
    Map<String, Integer> perRegion = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String region = REGIONS.get(i % REGIONS.size());
      int n = perRegion.merge(region, 1, Integer::sum);
      String name = region + "-" + n;
      int major = versions.get(i % versions.size());
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("env", i % 3 == 2 ? "staging" : "prod");
      labels.put("region", region);
      labels.put("version", String.valueOf(major));
      labels.put("sandbox", "true");
      members.add(new Member(name, "", firstPort == 0 ? 0 : firstPort + i, major, labels));
    }
    return members;
  }

  /**
   * Starts the planned clusters, writes the inventory and the state. On failure, stops and removes
   * what it started and throws.
   */
  State up(List<Member> planned) {
    refuseIfPresent();
    for (Member m : planned) {
      if (m.port() != 0 && !portFree(m.port())) {
        throw new Refused("port " + m.port() + " on 127.0.0.1 is taken (wanted for " + m.name()
            + "): choose another --port, or leave it out to use free ports");
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the sandbox directory " + dir + ": " + e, e);
    }
    if (!Files.isWritable(dir)) {
      throw new IllegalStateException("cannot write to the sandbox directory " + dir + " (as "
          + System.getProperty("user.name") + "): choose another with --dir");
    }
    Path root = clustersRoot();
    String password = randomPassword();
    List<Member> started = new ArrayList<>();
    try {
      Files.createDirectories(root);
      OsUser.current().own(root);
      writePassword(password);
      List<Member> members = new ArrayList<>();
      for (Member m : planned) {
        members.add(new Member(m.name(), root.resolve(m.name()).toString(), m.port(), m.major(), m.labels()));
      }
      int parallel = Math.max(1, Math.min(4, members.size()));
      ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
        Thread t = new Thread(r, "pgmob-sandbox-start");
        t.setDaemon(true);
        return t;
      });
      List<CompletableFuture<Member>> futures = new ArrayList<>();
      for (Member m : members) {
        futures.add(CompletableFuture.supplyAsync(() -> start(m, root, password), pool));
      }
      RuntimeException failure = null;
      for (CompletableFuture<Member> f : futures) {
        try {
          started.add(f.join());
        } catch (CompletionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException re ? re : e;
          }
        }
      }
      pool.shutdown();
      if (failure != null) {
        throw failure;
      }
      for (Integer major : members.stream().map(Member::major).distinct().toList()) {
        deleteTree(root.resolve("template-" + major));
      }
      State state = new State(root.toString(), List.copyOf(started));
      writeInventory(state);
      JSON.writeValue(dir.resolve(STATE).toFile(), state);
      return state;
    } catch (RuntimeException | IOException e) {
      for (Member m : started) {
        cluster(m).delete();
      }
      removeFiles(root);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot set up the sandbox in " + dir, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Refuses when the directory already holds a sandbox, running or kept. */
  void refuseIfPresent() {
    State existing = state();
    if (existing == null) {
      return;
    }
    long running = existing.clusters().stream().filter(m -> cluster(m).isRunning()).count();
    if (running == 0) {
      throw new Refused("a stopped sandbox (kept by 'down --keep', or after a reboot) is in " + dir
          + ": 'pgmob sandbox down' removes it, then 'pgmob sandbox up' starts a new one");
    }
    throw new Refused("a sandbox is already up in " + dir + " (" + running + " of " + existing.clusters().size()
        + " clusters running): 'pgmob sandbox status' lists them, 'pgmob sandbox down' removes it");
  }

  private Member start(Member m, Path root, String password) {
    EmbeddedCluster c = EmbeddedCluster.builder(Path.of(m.directory()))
        .majorVersion(m.major())
        .port(m.port())
        .superuserPassword(password)
        .template(root.resolve("template-" + m.major()))
        .stopWhenJvmExits(false)
        .setting("cluster_name", m.name())
        .setting("shared_buffers", "16MB")
        .setting("max_connections", "50")
        .setting("fsync", "off")
        .setting("synchronous_commit", "off")
        .build();
    try {
      c.create();
      c.start();
    } catch (RuntimeException e) {
      c.delete();
      throw e;
    }
    return new Member(m.name(), m.directory(), c.port(), m.major(), m.labels());
  }

  /** Stops every cluster; removes everything unless {@code keep}. Returns the clusters it stopped. */
  List<Member> down(boolean keep) {
    State state = state();
    if (state == null) {
      return List.of();
    }
    List<Member> stopped = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Member m : state.clusters()) {
      EmbeddedCluster c = cluster(m);
      try {
        long pid = c.pid().orElse(-1);
        c.stop();
        if (pid > 0 && !awaitExit(pid)) {
          failures.add(m.name() + " (pid " + pid + ") did not stop");
        } else {
          stopped.add(m);
        }
      } catch (RuntimeException e) {
        failures.add(m.name() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("could not stop every sandbox cluster, nothing was removed: "
          + String.join("; ", failures));
    }
    if (!keep) {
      removeFiles(Path.of(state.clustersRoot()));
    }
    return stopped;
  }

  EmbeddedCluster cluster(Member m) {
    return EmbeddedCluster.builder(Path.of(m.directory())).majorVersion(m.major()).port(m.port())
        .stopWhenJvmExits(false).build();
  }

  private static boolean awaitExit(long pid) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (EmbeddedCluster.isAlive(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** {@code <dir>/clusters} when the server user can enter the sandbox directory, else a directory under tmp. */
  private Path clustersRoot() {
    OsUser user = OsUser.current();
    if (user.canEnter(dir)) {
      return dir.resolve("clusters");
    }
    String hash = Integer.toHexString(dir.toString().hashCode());
    return Path.of(System.getProperty("java.io.tmpdir"), "pgmob-sandbox-" + System.getProperty("user.name") + "-" + hash);
  }

  private void writePassword(String password) throws IOException {
    Path file = passwordFile();
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private void writeInventory(State state) throws IOException {
    StringBuilder sb = new StringBuilder()
        .append("# The sandbox fleet written by 'pgmob sandbox up'; 'pgmob sandbox down' removes it.\n")
        .append("# The superuser's password is only referenced: it is in ").append(PASSWORD).append(" (mode 0600).\n")
        .append("defaults:\n")
        .append("  user: postgres\n")
        .append("  password: ").append(yamlString("file:" + passwordFile())).append('\n')
        .append("  sslmode: disable\n")
        .append("  database: postgres\n")
        .append("targets:\n");
    for (Member m : state.clusters()) {
      sb.append("  - name: ").append(m.name()).append('\n')
          .append("    host: 127.0.0.1\n")
          .append("    port: ").append(m.port()).append('\n')
          .append("    labels: {");
      List<String> labels = new ArrayList<>();
      m.labels().forEach((k, v) -> labels.add(k + ": " + yamlString(v)));
      sb.append(String.join(", ", labels)).append("}\n");
    }
    Files.writeString(inventory(), sb.toString(), StandardCharsets.UTF_8);
  }

  private static String yamlString(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private void removeFiles(Path clustersRoot) {
    deleteTree(clustersRoot);
    for (String f : List.of(STATE, INVENTORY, PASSWORD)) {
      try {
        Files.deleteIfExists(dir.resolve(f));
      } catch (IOException ignored) {
        // reported below: the directory is then not empty
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      if (left.findAny().isEmpty()) {
        Files.delete(dir);
      }
    } catch (IOException ignored) {
      // a directory the user gave with other files in it stays
    }
  }

  static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  private static String randomPassword() {
    SecureRandom r = new SecureRandom();
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder sb = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
