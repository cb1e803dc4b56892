package io.pgmob.examples.bench;

import io.pgmob.testkit.FrontendMessages;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.TcpProxy;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The whole-process benchmark: each alternative runs as a process of its own, doing the same bulk
 * role rotation (create the role if missing, set its password, grant CONNECT on a database) on
 * {@code --clusters} real PostgreSQL clusters (one embedded server each) behind the testkit's
 * latency proxy, and every run is checked by logging in with the new password. The alternatives:
 *
 * <ul>
 *   <li>{@code cli}: {@code bin/pgmob fleet ensure-role ... --grant CONNECT:database:bench_000}, the
 *       runnable jar of module fleet, one invocation, on its default transport;
 *   <li>{@code cli-vertx}: the same on the Vert.x transport ({@code -Dpgmob.transport=vertx});
 *   <li>{@code vertx}: a plain Vert.x PG client program ({@link VertxRotation}), the reference;
 *   <li>{@code r2dbc}: a plain r2dbc-postgresql program ({@link R2dbcRotation}).
 * </ul>
 *
 * <p>Printed per alternative: wall time, the child's CPU time, its peak RSS and peak threads, and the
 * messages it sent per cluster (counted by the proxies), with ratios to the Vert.x program of the
 * same run. Then held-session rounds: {@code SELECT 1} on {@code --held-targets} targets at once
 * after a warm-up, pgmob's fleet engine with held sessions ({@link FleetHeld}) against the Vert.x
 * program. {@code --small} is the smoke test the build runs. See docs/benchmark.md.
 */
public final class ProcessBenchmark {

  private ProcessBenchmark() {}

  /** The command line. */
  static final class Options {
    int clusters = 200;
    List<Integer> latencies = List.of(5, 50);
    List<Integer> inFlight = List.of(64, 200);
    int runs = 3;
    List<String> alternatives = List.of("cli", "cli-vertx", "vertx", "r2dbc");
    int heldTargets = 1000;
    int heldLatency = 50;
    long heldWarmup = 10_000;
    int heldRounds = 20;
    List<String> heldAlternatives = List.of("fleet", "fleet-cli-jvm", "fleet-vertx", "vertx");
    @org.jspecify.annotations.Nullable Path cliJar;
    @org.jspecify.annotations.Nullable Path markdown;
    String cliJavaOpts = "";

    static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--small" -> {
            o.clusters = 4;
            o.latencies = List.of(5);
            o.inFlight = List.of(4);
            o.runs = 1;
            o.heldTargets = 8;
            o.heldWarmup = 16;
            o.heldRounds = 2;
          }
          case "--clusters" -> o.clusters = Integer.parseInt(args[++i]);
          case "--latency" -> o.latencies = ints(args[++i]);
          case "--in-flight" -> o.inFlight = ints(args[++i]);
          case "--runs" -> o.runs = Integer.parseInt(args[++i]);
          case "--only" -> o.alternatives = List.of(args[++i].split(","));
          case "--held-targets" -> o.heldTargets = Integer.parseInt(args[++i]);
          case "--held-latency" -> o.heldLatency = Integer.parseInt(args[++i]);
          case "--held-warmup" -> o.heldWarmup = Long.parseLong(args[++i]);
          case "--held-rounds" -> o.heldRounds = Integer.parseInt(args[++i]);
          case "--held-only" -> o.heldAlternatives = List.of(args[++i].split(","));
          case "--cli-jar" -> o.cliJar = Path.of(args[++i]);
          case "--cli-java-opts" -> o.cliJavaOpts = args[++i];
          case "--markdown" -> o.markdown = Path.of(args[++i]);
          case "--help" -> {
            System.out.println("""
                ProcessBenchmark [--small] [--clusters 200] [--latency 5,50] [--in-flight 64,200] [--runs 3]
                  [--only cli,cli-vertx,vertx,r2dbc] [--held-targets 1000 (0: none)] [--held-latency 50]
                  [--held-warmup 10000] [--held-rounds 20] [--held-only fleet,fleet-cli-jvm,fleet-vertx,vertx]
                  [--cli-jar fleet/target/pgmob-fleet-*-cli.jar] [--cli-java-opts "..."] [--markdown FILE]""");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown option " + a + " (--help lists them)");
        }
      }
      return o;
    }

    private static List<Integer> ints(String csv) {
      return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
  }

  /** One alternative's run: what it cost and whether every cluster was verified. */
  record Run(String alternative, int latencyMs, int inFlight, int run, Child.Measured measured, double roundTrips,
      double statements, double connections, int verified, int expected) {}

  /** One held-session alternative's figures. */
  record Held(String alternative, double roundMs, double cpuUsPerQuery, long rssKb, long hwmKb, long threads,
      int targets) {}

  /** Everything one benchmark run measured, and its printed report. */
  record Result(List<Run> runs, List<Held> held, String markdown) {}

  /**
   * Runs the benchmark and prints its tables.
   *
   * @param args options, see {@code --help}
   * @throws Exception when a cluster cannot be started or an alternative fails
   */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Result r = run(o, System.out);
    if (o.markdown != null) {
      Files.writeString(o.markdown, r.markdown());
    }
  }

  static Result run(Options o, PrintStream out) throws Exception {
    // before TcpProxy loads: small proxy buffers, so 1,000 proxied sessions fit (see ProxyProcess)
    System.setProperty("pgmob.testkit.proxy.bufferCount", "16");
    System.setProperty("pgmob.testkit.proxy.bufferSize", "16384");
    // NetCrusher warns, per connection, that such buffers are smaller than the socket's
    System.setProperty("org.slf4j.simpleLogger.log.org.netcrusher", "error");
    Path root = projectRoot();
    Path cliJar = o.cliJar != null ? o.cliJar : cliJar(root);
    Path work = Files.createTempDirectory("pgmob-process-bench");
    StringBuilder md = new StringBuilder();
    List<Run> runs = new ArrayList<>();
    List<Held> held = new ArrayList<>();
    int perServer = Math.max(1, (o.heldTargets + o.clusters - 1) / o.clusters);
    String load0 = loadAverage();
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try (Testbed bed = Testbed.start(io.pgmob.testkit.ServerSpec.DEFAULT_VERSION, o.clusters, perServer)) {
      out.printf("%d clusters started (%d databases each) in %.1f s; client runs as its own process%n",
          o.clusters, perServer, (System.nanoTime() - t0) / 1e9);
      String adminPassword = adminPassword(bed.servers);
      md.append(header(o, started, load0, bed));
      for (int latency : o.latencies) {
        List<TcpProxy> proxies = proxies(bed.servers, latency);
        try {
          List<Testbed.Target> targets = bed.targets(o.clusters, o.clusters);
          Path targetsFile = work.resolve("targets-" + latency + ".tsv");
          Baseline.write(targetsFile, baselineTargets(targets, proxies, bed));
          Path inventory = work.resolve("inventory-" + latency + ".yaml");
          Files.writeString(inventory, inventory(targets, proxies, bed));
          for (int inFlight : o.inFlight) {
            List<Run> here = new ArrayList<>();
            for (int run = 1; run <= o.runs; run++) {
              // rotate the order from run to run, so a load change hits every alternative alike
              List<String> order = new ArrayList<>(o.alternatives);
              java.util.Collections.rotate(order, -(run - 1));
              for (String alt : order) {
                bed.dropRoles(targets);
                String password = randomPassword();
                proxies.forEach(p -> p.frontendMessages().reset());
                Map<String, String> env = Map.of(Baseline.ADMIN_PASSWORD_ENV, adminPassword,
                    Baseline.NEW_PASSWORD_ENV, password, "PGMOB_JAR", cliJar.toString(),
                    "JAVA_HOME", System.getProperty("java.home"),
                    "JAVA_OPTS", alt.equals("cli-vertx") ? ("-Dpgmob.transport=vertx " + o.cliJavaOpts).trim() : o.cliJavaOpts);
                Child.Measured m = Child.run(rotationCommand(alt, root, targetsFile, inventory, inFlight, targets.get(0)),
                    env, work.resolve(alt + ".log"));
                if (m.exitCode() != 0) {
                  // recorded, not thrown: a long manual run goes on; the table shows it as not verified
                  out.println(alt + " exited with " + m.exitCode() + ":\n" + tail(m.output()));
                }
                for (TcpProxy p : proxies) {
                  p.awaitNoConnections(Duration.ofMinutes(2));
                }
                long q = 0, s = 0, e = 0, startups = 0;
                for (TcpProxy p : proxies) {
                  FrontendMessages f = p.frontendMessages();
                  q += f.queries();
                  s += f.syncs();
                  e += f.count('E');
                  startups += f.startups();
                }
                List<String> passwords = java.util.Collections.nCopies(targets.size(), password);
                int verified;
                try {
                  verified = bed.checkLogins(targets, passwords);
                } catch (IllegalStateException failed) {
                  out.println(alt + ": " + failed.getMessage());
                  verified = 0;
                }
                double n = targets.size();
                Run r = new Run(alt, latency, inFlight, run, m, (q + s) / n, (q + e) / n, startups / n, verified, targets.size());
                here.add(r);
                out.printf(Locale.ROOT, "%2d ms, %3d in flight, run %d, %-10s wall %6.2f s  cpu %6.2f s  rss %5d MB  "
                        + "threads %3d  round trips/cluster %.1f  verified %d/%d%n", latency, inFlight, run, alt,
                    m.wallS(), m.cpuS(), m.peakRssKb() / 1024, m.peakThreads(), r.roundTrips(), verified, targets.size());
              }
            }
            runs.addAll(here);
            md.append(rotationTable(o, latency, inFlight, here));
          }
        } finally {
          proxies.forEach(TcpProxy::close);
        }
      }
      if (o.heldTargets > 0 && !o.heldAlternatives.isEmpty()) {
        List<TcpProxy> proxies = proxies(bed.servers, o.heldLatency);
        try {
          List<Testbed.Target> targets = bed.targets(o.heldTargets, o.clusters);
          Path targetsFile = work.resolve("held.tsv");
          Baseline.write(targetsFile, baselineTargets(targets, proxies, bed));
          for (String alt : o.heldAlternatives) {
            Held h = held(alt, targetsFile, adminPassword, o, work);
            held.add(h);
            out.printf(Locale.ROOT, "held %-13s %d targets: round %.1f ms  cpu/query %.1f us  rss %d MB (peak %d)"
                + "  threads %d%n", alt, h.targets(), h.roundMs(), h.cpuUsPerQuery(), h.rssKb() / 1024,
                h.hwmKb() / 1024, h.threads());
          }
          md.append(heldTable(o, held));
        } finally {
          proxies.forEach(TcpProxy::close);
        }
      }
    } finally {
      deleteTree(work);
    }
    md.append("\nLoad average at the end: ").append(loadAverage()).append('\n');
    out.println();
    out.println(md);
    return new Result(List.copyOf(runs), List.copyOf(held), md.toString());
  }

  // ---- the alternatives

  private static List<String> rotationCommand(String alt, Path root, Path targetsFile, Path inventory, int inFlight,
      Testbed.Target any) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = FleetBenchmark.classpath();
    return switch (alt) {
      case "cli", "cli-vertx" -> List.of("sh", root.resolve("bin/pgmob").toString(), "fleet", "ensure-role",
          "-i", inventory.toString(), "--role", any.role(), "--login", "--password-env", Baseline.NEW_PASSWORD_ENV,
          "--grant", "CONNECT:database:" + any.database(), "--concurrency", Integer.toString(inFlight),
          "--progress", "never", "--attempts", "1");
      case "vertx" -> List.of(java, "-cp", cp, VertxRotation.class.getName(), "rotate", targetsFile.toString(),
          Integer.toString(inFlight));
      case "r2dbc" -> List.of(java, "-cp", cp, R2dbcRotation.class.getName(), "rotate", targetsFile.toString(),
          Integer.toString(inFlight));
      default -> throw new IllegalArgumentException("unknown alternative " + alt + " (cli, cli-vertx, vertx, r2dbc)");
    };
  }

  private static Held held(String alt, Path targetsFile, String adminPassword, Options o, Path work)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    String main = switch (alt) {
      case "fleet" -> FleetHeld.class.getName();
      case "fleet-cli-jvm" -> {
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));   // what bin/pgmob gives a one-shot command
        yield FleetHeld.class.getName();
      }
      case "fleet-vertx" -> {
        cmd.add("-Dpgmob.transport=vertx");
        yield FleetHeld.class.getName();
      }
      case "vertx" -> VertxRotation.class.getName();
      default -> throw new IllegalArgumentException("unknown held alternative " + alt + " (fleet, fleet-cli-jvm, fleet-vertx, vertx)");
    };
    cmd.addAll(List.of("-cp", FleetBenchmark.classpath(), main, "held", targetsFile.toString(),
        Long.toString(o.heldWarmup), Integer.toString(o.heldRounds)));
    Path log = work.resolve("held-" + alt + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().put(Baseline.ADMIN_PASSWORD_ENV, adminPassword);
    Process p = pb.start();
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("RESULT ")) {
        // skip whatever else it prints
      }
      if (line == null) {
        p.waitFor(1, TimeUnit.MINUTES);
        throw new IllegalStateException("held " + alt + " ended without a result:\n" + tail(Files.readString(log)));
      }
      Map<String, String> fields = new HashMap<>();
      for (String kv : line.substring("RESULT ".length()).split(" ")) {
        String[] f = kv.split("=", 2);
        fields.put(f[0], f[1]);
      }
      // sessions held now: the figures of a process that keeps them
      Map<String, Long> status = Child.status(p.pid());
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      int targets = Baseline.read(targetsFile).size();
      return new Held(alt, Double.parseDouble(fields.get("roundMs")), Double.parseDouble(fields.get("cpuUsPerQuery")),
          status.getOrDefault("VmRSS", 0L), status.getOrDefault("VmHWM", 0L), status.getOrDefault("Threads", 0L), targets);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  // ---- set-up

  private static List<TcpProxy> proxies(List<PgServer> servers, int latencyMs) {
    List<TcpProxy> out = new ArrayList<>();
    for (PgServer s : servers) {
      out.add(TcpProxy.start(s).latency(Duration.ofMillis(latencyMs)));
    }
    return out;
  }

  private static List<Baseline.Target> baselineTargets(List<Testbed.Target> targets, List<TcpProxy> proxies,
      Testbed bed) {
    List<Baseline.Target> out = new ArrayList<>();
    for (Testbed.Target t : targets) {
      TcpProxy p = proxies.get(bed.servers.indexOf(t.server()));
      out.add(new Baseline.Target(p.host(), p.port(), t.database(), t.user(), t.database(), t.role()));
    }
    return out;
  }

  private static String inventory(List<Testbed.Target> targets, List<TcpProxy> proxies, Testbed bed) {
    StringBuilder y = new StringBuilder("defaults: {user: ").append(targets.get(0).user())
        .append(", password: env:").append(Baseline.ADMIN_PASSWORD_ENV)
        // connect_timeout: the plain programs' drivers wait 60 s (Vert.x) or longer (r2dbc)
        .append(", sslmode: disable, connect_timeout: 60}\ntargets:\n");
    for (Testbed.Target t : targets) {
      TcpProxy p = proxies.get(bed.servers.indexOf(t.server()));
      y.append(String.format(Locale.ROOT, "  - {name: c%04d, host: %s, port: %d, database: %s}%n", t.index(), p.host(),
          p.port(), t.database()));
    }
    return y.toString();
  }

  private static String adminPassword(List<PgServer> servers) {
    String pw = Objects.requireNonNull(servers.get(0).password(), "the benchmark's servers use SCRAM");
    for (PgServer s : servers) {
      if (!pw.equals(s.password())) {
        throw new IllegalStateException("the servers do not share one superuser password");
      }
    }
    return pw;
  }

  private static String randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The checkout's root: where {@code bin/pgmob} is, from the working directory up. */
  static Path projectRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bin/pgmob")) && Files.isDirectory(p.resolve("fleet"))) {
        return p;
      }
    }
    throw new IllegalStateException("run from the checkout (no bin/pgmob above " + Path.of("").toAbsolutePath() + ")");
  }

  static Path cliJar(Path root) throws IOException {
    String env = System.getenv("PGMOB_JAR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    try (var files = Files.list(root.resolve("fleet/target"))) {
      return files.filter(f -> f.getFileName().toString().matches("pgmob-fleet-.*-cli\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no fleet/target/pgmob-fleet-*-cli.jar: build it with"
              + " ./mvnw -pl fleet -am package -DskipTests"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException("no fleet/target: build the CLI with ./mvnw -pl fleet -am package -DskipTests");
    }
  }

  // ---- report

  private static String header(Options o, Instant started, String load, Testbed bed) {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT, "Run of %s on %d cores, %.1f GiB memory, %s %s, Java %s; PostgreSQL %d, "
            + "%d clusters (one server each, %d database(s) each); load average at the start %s; GNU time %s.%n",
        started, rt.availableProcessors(), totalMemoryGiB(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"), io.pgmob.testkit.ServerSpec.DEFAULT_VERSION, o.clusters, bed.databasesPerServer,
        load, Child.hasTime() ? "used" : "absent (sampled /proc)");
  }

  private static String rotationTable(Options o, int latency, int inFlight, List<Run> runs) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%n#### Rotation, %d clusters, %d ms one way, %d in flight, %d run(s): medians [min-max]%n%n", o.clusters,
        latency, inFlight, o.runs));
    sb.append("| alternative | wall s | wall vs vertx | client CPU s | CPU vs vertx | peak RSS MB | threads |"
        + " round trips / cluster | Q+E / cluster | connections / cluster | verified |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Map<String, List<Run>> by = new LinkedHashMap<>();
    for (String a : o.alternatives) {
      by.put(a, new ArrayList<>());
    }
    runs.forEach(r -> by.get(r.alternative()).add(r));
    for (var e : by.entrySet()) {
      List<Run> rs = e.getValue();
      List<Double> wallRatio = new ArrayList<>();
      List<Double> cpuRatio = new ArrayList<>();
      for (Run r : rs) {
        runs.stream().filter(v -> v.alternative().equals("vertx") && v.run() == r.run()).findFirst().ifPresent(v -> {
          wallRatio.add(r.measured().wallS() / v.measured().wallS());
          cpuRatio.add(r.measured().cpuS() / v.measured().cpuS());
        });
      }
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.0f | %.0f | %.1f | %.1f | %.1f | %d/%d |%n",
          e.getKey(), range(rs.stream().map(r -> r.measured().wallS()).toList()), ratio(wallRatio),
          range(rs.stream().map(r -> r.measured().cpuS()).toList()), ratio(cpuRatio),
          median(rs.stream().map(r -> r.measured().peakRssKb() / 1024.0).toList()),
          median(rs.stream().map(r -> (double) r.measured().peakThreads()).toList()),
          median(rs.stream().map(Run::roundTrips).toList()), median(rs.stream().map(Run::statements).toList()),
          median(rs.stream().map(Run::connections).toList()),
          rs.stream().mapToInt(Run::verified).sum(), rs.stream().mapToInt(Run::expected).sum()));
    }
    return sb.toString();
  }

  private static String heldTable(Options o, List<Held> held) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%n#### Held sessions, %d targets, %d ms one way, SELECT 1 on every target per round, after %d warm-up"
            + " queries, median of %d rounds%n%n", o.heldTargets, o.heldLatency, o.heldWarmup, o.heldRounds));
    sb.append("| alternative | round ms | vs vertx | client CPU us / query | vs vertx | RSS MB held (peak) | threads |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    Held v = held.stream().filter(h -> h.alternative().equals("vertx")).findFirst().orElse(null);
    for (Held h : held) {
      sb.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %.1f | %s | %d (%d) | %d |%n", h.alternative(),
          h.roundMs(), v == null ? "" : String.format(Locale.ROOT, "%.2fx", h.roundMs() / v.roundMs()),
          h.cpuUsPerQuery(), v == null ? "" : String.format(Locale.ROOT, "%.2fx", h.cpuUsPerQuery() / v.cpuUsPerQuery()),
          h.rssKb() / 1024, h.hwmKb() / 1024, h.threads()));
    }
    return sb.toString();
  }

  private static String range(List<Double> xs) {
    double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return xs.size() == 1 ? String.format(Locale.ROOT, "%.2f", xs.get(0))
        : String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(xs), min, max);
  }

  private static String ratio(List<Double> xs) {
    return xs.isEmpty() ? "" : String.format(Locale.ROOT, "%.2fx", median(xs));
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length == 0 ? Double.NaN : s[s.length / 2];
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double totalMemoryGiB() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() / (1024.0 * 1024 * 1024);
  }

  private static String tail(String s) {
    List<String> lines = s.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
