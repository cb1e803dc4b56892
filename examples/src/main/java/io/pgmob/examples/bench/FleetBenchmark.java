package io.pgmob.examples.bench;

import io.pgmob.examples.bench.Meter.Sample;
import io.pgmob.examples.bench.Pipelines.Family;
import io.pgmob.examples.bench.Pipelines.Pipeline;
import io.pgmob.examples.bench.Rollouts.Rollout;
import io.pgmob.examples.bench.Rollouts.Task;
import io.pgmob.examples.bench.Testbed.Endpoint;
import io.pgmob.examples.bench.Testbed.Target;
import io.pgmob.testkit.PgServer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fleet benchmark of issue #8: starts real PostgreSQL clusters, puts a latency proxy in its own
 * process in front of them, and measures in one run pgmob's fleet engine against a sequential pgjdbc
 * loop, pgjdbc fixed thread pools (16 and 64 threads) and a raw r2dbc-postgresql {@code
 * Flux.flatMap} fan-out.
 *
 * <ul>
 *   <li>Scenario A, one-shot rollout (a connection opened per cluster, as a CLI run does): per
 *       cluster create role {@code app_user} if missing, set its password, grant CONNECT on the
 *       database; afterwards (untimed) every cluster is checked by logging in with the new
 *       password. The floor, the same work over connections already open, is printed beside it.
 *   <li>Scenario B, steady-state pipeline (one session held per target): a round sends one query to
 *       every target; rounds per second, client CPU per round, heap after GC with the sessions held.
 * </ul>
 *
 * <p>Each alternative is warmed up, then measured {@code --repeats} times (default 5); the output
 * gives medians with min-max, ratios, client CPU time (this JVM only), server CPU time (read from
 * {@code /proc}), peak threads and heap after GC. Run it as a program, on a quiet machine:
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=io.pgmob.examples.bench.FleetBenchmark -Dexec.args="--quick"
 * </pre>
 *
 * <p>{@code --help} lists the options; by default the measurement runs in a fresh child JVM so that
 * the build tool's threads and heap are not counted.
 */
public final class FleetBenchmark {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int OPEN_PARALLEL = 64;
  /** The alternatives issue #8 names; the "fastest alternative" target is about these. */
  private static final Set<String> ISSUE_ALTERNATIVES = Set.of("jdbc-seq", "jdbc-16", "jdbc-64", "r2dbc");

  private final Options options;
  private final PrintStream out;
  private final StringBuilder markdown = new StringBuilder();
  private final List<String> verdicts = new ArrayList<>();
  private final Map<Integer, Double> rttMs = new LinkedHashMap<>();
  private int loginsChecked;
  private int loginsExpected;
  private long roundsChecked;

  private FleetBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** What a run proved, for the smoke test. */
  record Result(int loginsChecked, int loginsExpected, long roundsChecked, List<String> verdicts, String markdown) {}

  /** Runs the benchmark; see the class comment and {@code --help} for the arguments. */
  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (o.fork) {
      System.exit(fork(o));
    }
    run(o, System.out);
    System.exit(0);
  }

  /** Runs the benchmark in this JVM and prints to {@code out}. */
  static Result run(Options o, PrintStream out) throws Exception {
    return new FleetBenchmark(o, out).run();
  }

  private Result run() throws Exception {
    header();
    int serverCount = Math.max(options.scenarioA ? options.serversA : 0, options.scenarioB ? options.serversB : 0);
    int dbs = Math.max(options.scenarioA ? options.dbsPerServerA() : 0, options.scenarioB ? options.dbsPerServerB() : 0);
    long t0 = System.nanoTime();
    say("starting %d PostgreSQL %d servers with %d databases each ...", serverCount, options.pgVersion, dbs);
    try (Testbed bed = Testbed.start(options.pgVersion, serverCount, dbs)) {
      say("  ready in %.1f s (%s)", (System.nanoTime() - t0) / 1e9,
          bed.serverCpu.available() ? "server CPU read from /proc" : "server CPU not measurable here");
      Set<Integer> latencies = new TreeSet<>();
      if (options.scenarioA) {
        latencies.addAll(options.latenciesA);
      }
      if (options.scenarioB) {
        latencies.addAll(options.latenciesB);
      }
      Map<Integer, ProxyProcess> proxies = new LinkedHashMap<>();
      try {
        List<String> addresses = bed.servers.stream().map(s -> s.host() + ":" + s.port()).toList();
        for (int l : latencies) {
          proxies.put(l, ProxyProcess.start(classpath(), l, addresses));
        }
        double direct = rtt(bed.servers.get(0), null);
        say("round trip of SELECT 1 on an open connection: direct %.2f ms", direct);
        md("Round trip of `SELECT 1` on an open pgjdbc connection, direct: %.2f ms", direct);
        for (ProxyProcess p : proxies.values()) {
          double r = rtt(bed.servers.get(0), p);
          rttMs.put(p.latencyMs(), r);
          say("  through the proxy process (pid %d) set to %d ms each way: %.1f ms", p.pid(), p.latencyMs(), r);
          md("; through the proxy at %d ms each way: %.1f ms", p.latencyMs(), r);
        }
        md(".\n\n");
        if (options.scenarioA && options.costCount > 0) {
          connectCost(bed.servers.get(0));
        }
        if (options.scenarioA) {
          for (int l : options.latenciesA) {
            scenarioA(bed, proxies.get(l));
          }
        }
        if (options.scenarioB && options.queryCount > 0) {
          queryCost(bed.servers.get(0));
        }
        if (options.scenarioB) {
          for (int l : options.latenciesB) {
            scenarioB(bed, proxies.get(l));
          }
        }
      } finally {
        proxies.values().forEach(ProxyProcess::close);
      }
    }
    if (!verdicts.isEmpty()) {
      say("%nTargets of issue #8:");
      md("### Targets\n\n");
      for (String v : verdicts) {
        say("  %s", v);
        md("- %s\n", v);
      }
    }
    say("%nCorrectness: %d of %d logins with the new password succeeded; %d pipeline answers checked.",
        loginsChecked, loginsExpected, roundsChecked);
    md("\nCorrectness: %d of %d logins with the new password succeeded; %d pipeline answers checked.\n",
        loginsChecked, loginsExpected, roundsChecked);
    if (options.markdown != null) {
      Files.writeString(Path.of(options.markdown), markdown.toString());
      say("Markdown written to %s", options.markdown);
    }
    return new Result(loginsChecked, loginsExpected, roundsChecked, List.copyOf(verdicts), markdown.toString());
  }

  private void header() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String when = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
    String machine = String.format(Locale.ROOT, "%d cores, %.1f GiB memory, %s %s, Java %s (%s), client JVM: %s",
        Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (double) (1L << 30),
        System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
        System.getProperty("java.vm.name"), String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    say("pgmob fleet benchmark, %s", when);
    say("  %s", machine);
    say("  arguments: %s", options.raw.isEmpty() ? "(defaults)" : String.join(" ", options.raw));
    md("Run of %s on %s. Arguments: `%s`.\n\n", when, machine,
        options.raw.isEmpty() ? "(defaults)" : String.join(" ", options.raw));
  }

  // ---------------------------------------------------------------- scenario A

  private void connectCost(PgServer server) throws Exception {
    String title = String.format(Locale.ROOT, "Client CPU per one-shot connection: %d sequential connections per way,"
        + " direct (no proxy), after %d warm-up connections", options.costCount, 3 * options.costCount);
    say("%n%s", title);
    Table t = ConnectCost.measure(server, 3 * options.costCount, options.costCount);
    say("%s", t.text());
    md("### %s\n\n%s\n", title, t.markdown());
  }

  private List<Rollout> rollouts() {
    List<Rollout> all = List.of(new Rollouts.JdbcSequential(), new Rollouts.JdbcPool(16), new Rollouts.JdbcPool(64),
        new Rollouts.R2dbcFanOut(false), new Rollouts.R2dbcFanOut(true), new Rollouts.CoreFanOut(),
        new Rollouts.FleetRollout());
    return all.stream().filter(r -> options.wants(r.name())).toList();
  }

  private void scenarioA(Testbed bed, ProxyProcess proxy) throws Exception {
    List<Target> targets = bed.targets(options.clustersA, options.serversA);
    int n = targets.size();
    List<Rollout> alts = rollouts();
    String title = String.format(Locale.ROOT,
        "Scenario A, one-shot rollout: %d clusters (%d servers x %d databases), %d ms each way (round trip %.1f ms)",
        n, options.serversA, options.dbsPerServerA(), proxy.latencyMs(), rttMs.get(proxy.latencyMs()));
    say("%n%s", title);
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    alts.forEach(a -> samples.put(a.name(), new ArrayList<>()));
    int runs = options.warmups + options.repeats;
    for (int rep = 0; rep < runs; rep++) {
      StringBuilder progress = new StringBuilder(rep < options.warmups ? "  warm-up:" : "  run " + (rep - options.warmups + 1) + ":");
      for (int k = 0; k < alts.size(); k++) {
        Rollout alt = alts.get((k + rep) % alts.size());
        List<Target> ts = alt.sequential() ? targets.subList(0, Math.min(options.seqSample, n)) : targets;
        List<String> passwords = passwords(ts.size());
        bed.dropRoles(ts);
        List<Task> tasks = tasks(ts, passwords, proxy);
        Sample s = Meter.measure(bed.serverCpu, proxy.pid(), () -> alt.run(tasks));
        check(bed, ts, passwords);
        if (rep >= options.warmups) {
          samples.get(alt.name()).add(s.scaled(n / (double) ts.size()));
        }
        progress.append(String.format(Locale.ROOT, " %s %.0f ms%s", alt.name(), s.wallMs(), alt.sequential() ? " (sample)" : ""));
      }
      say("%s", progress);
    }

    // the floor: the same work on connections already open
    List<Sample> floor = new ArrayList<>();
    for (int rep = 0; rep < runs; rep++) {
      List<Endpoint> endpoints = targets.stream().map(t -> endpoint(t, proxy)).toList();
      List<PostgresqlConnection> conns = Flux.fromIterable(endpoints)
          .flatMapSequential(e -> Rollouts.r2dbcFactory(e, true, "bench-floor").create(), OPEN_PARALLEL)
          .collectList().block();
      try {
        List<String> passwords = passwords(n);
        bed.dropRoles(targets);
        List<Task> tasks = tasks(targets, passwords, proxy);
        Sample s = Meter.measure(bed.serverCpu, proxy.pid(), () -> Flux.range(0, n)
            .flatMap(i -> conns.get(i).createStatement(tasks.get(i).sql().text()).execute()
                .flatMap(PostgresqlResult::getRowsUpdated), n)
            .then().block());
        check(bed, targets, passwords);
        if (rep >= options.warmups) {
          floor.add(s);
        }
      } finally {
        Flux.fromIterable(conns).flatMap(c -> c.close().onErrorResume(e -> Mono.empty())).then().block();
      }
    }

    Map<String, Stats> wall = new LinkedHashMap<>();
    samples.forEach((k, v) -> wall.put(k, Stats.of(v, Sample::wallMs)));
    double fastest = wall.values().stream().mapToDouble(Stats::median).min().orElse(Double.NaN);
    double r2dbcCpu = samples.containsKey("r2dbc") ? Stats.of(samples.get("r2dbc"), Sample::cpuMs).median() : Double.NaN;
    Table table = new Table("alternative", "wall ms, median [min-max]", "vs fastest", "client CPU ms", "CPU vs r2dbc",
        "server CPU ms", "proxy CPU ms", "peak threads");
    for (Rollout a : alts) {
      List<Sample> s = samples.get(a.name());
      Stats w = wall.get(a.name());
      double cpu = Stats.of(s, Sample::cpuMs).median();
      table.row(a.name() + (a.sequential() ? " *" : ""), w.format(), ratio(w.median() / fastest), Stats.fmt(cpu),
          ratio(cpu / r2dbcCpu), Stats.fmt(Stats.of(s, Sample::serverCpuMs).median()),
          Stats.fmt(Stats.of(s, Sample::proxyCpuMs).median()), Integer.toString(s.stream().mapToInt(Sample::peakThreads).max().orElse(0)));
    }
    Stats fw = Stats.of(floor, Sample::wallMs);
    table.row("floor: same work, connections open", fw.format(), ratio(fw.median() / fastest),
        Stats.fmt(Stats.of(floor, Sample::cpuMs).median()), "", Stats.fmt(Stats.of(floor, Sample::serverCpuMs).median()),
        Stats.fmt(Stats.of(floor, Sample::proxyCpuMs).median()), Integer.toString(floor.stream().mapToInt(Sample::peakThreads).max().orElse(0)));
    say("%s", table.text());
    String sampleNote = String.format(Locale.ROOT,
        "* visits the first %d clusters per run; its time and CPU are scaled to all %d (a sequential loop is linear).",
        Math.min(options.seqSample, n), n);
    say("  %s", sampleNote);
    String perBackend = "";
    if (samples.containsKey("r2dbc-tuned") && bed.serverCpu.available()) {
      double connectCost = (Stats.of(samples.get("r2dbc-tuned"), Sample::serverCpuMs).median()
          - Stats.of(floor, Sample::serverCpuMs).median()) / n;
      perBackend = String.format(Locale.ROOT, "Server CPU per new session (connect, SCRAM, backend start and exit):"
          + " %.1f ms, so %d new sessions need at least %.0f ms of wall time on %d cores.", connectCost, n,
          connectCost * n / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
      say("  %s", perBackend);
    }
    for (Rollout a : alts) {
      say("  %-12s %s", a.name(), a.description());
    }
    md("### %s\n\n%s\n%s\n\n%s\n\n", title, table.markdown(), sampleNote.replace("*", "\\*"), perBackend);
    for (String engine : List.of("fleet", "pgmob-core")) {
      if (!samples.containsKey(engine)) {
        continue;
      }
      double best = Double.MAX_VALUE;
      String bestName = "";
      for (Map.Entry<String, Stats> e : wall.entrySet()) {
        if (ISSUE_ALTERNATIVES.contains(e.getKey()) && e.getValue().median() < best) {
          best = e.getValue().median();
          bestName = e.getKey();
        }
      }
      double mine = wall.get(engine).median();
      double cpu = Stats.of(samples.get(engine), Sample::cpuMs).median();
      if (!bestName.isEmpty()) {
        verdict(mine <= best, "A at %d ms: %s no slower than the fastest alternative (%s): %.0f ms vs %.0f ms (%s)",
            proxy.latencyMs(), engine, bestName, mine, best, ratio(mine / best));
      }
      if (wall.containsKey("r2dbc-tuned")) {
        double tuned = wall.get("r2dbc-tuned").median();
        verdict(mine <= tuned, "A at %d ms: %s no slower than raw r2dbc tuned like pgmob's transport (the cost of our"
            + " layer): %.0f ms vs %.0f ms (%s)", proxy.latencyMs(), engine, mine, tuned, ratio(mine / tuned));
      }
      if (!Double.isNaN(r2dbcCpu)) {
        verdict(cpu <= r2dbcCpu / 2, "A at %d ms: %s client CPU at most half of raw r2dbc's: %.0f ms vs %.0f ms (%s)",
            proxy.latencyMs(), engine, cpu, r2dbcCpu, ratio(cpu / r2dbcCpu));
      }
    }
  }

  private List<Task> tasks(List<Target> ts, List<String> passwords, ProxyProcess proxy) {
    List<Task> tasks = new ArrayList<>(ts.size());
    for (int i = 0; i < ts.size(); i++) {
      tasks.add(new Task(endpoint(ts.get(i), proxy), Rollouts.sql(ts.get(i), io.pgmob.password.ScramVerifier.compute(passwords.get(i)).text())));
    }
    return tasks;
  }

  private void check(Testbed bed, List<Target> ts, List<String> passwords) throws Exception {
    loginsExpected += ts.size();
    loginsChecked += bed.checkLogins(ts, passwords);
  }

  private static List<String> passwords(int n) {
    List<String> out = new ArrayList<>(n);
    byte[] b = new byte[12];
    for (int i = 0; i < n; i++) {
      RANDOM.nextBytes(b);
      out.add("pw-" + HexFormat.of().formatHex(b));
    }
    return out;
  }

  // ---------------------------------------------------------------- scenario B

  private void queryCost(PgServer server) throws Exception {
    String title = String.format(Locale.ROOT, "Client CPU per query on a held session: %d sequential queries per way,"
        + " direct (no proxy), after %d warm-up queries", options.queryCount, options.queryCount);
    say("%n%s", title);
    Table t = ConnectCost.perQuery(server, options.queryCount, options.queryCount);
    say("%s", t.text());
    md("### %s\n\n%s\n", title, t.markdown());
  }

  private List<Family> families() {
    List<Family> all = new ArrayList<>();
    List<Integer> pools = new ArrayList<>();
    for (int t : new int[] {16, 64}) {
      if (options.wants("jdbc-" + t)) {
        pools.add(t);
      }
    }
    if (options.wants("jdbc-seq") || !pools.isEmpty()) {
      all.add(new Pipelines.JdbcFamily(options.seqSample, pools));
    }
    if (options.wants("r2dbc")) {
      all.add(new Pipelines.R2dbcFamily(false));
    }
    if (options.wants("r2dbc-tuned")) {
      all.add(new Pipelines.R2dbcFamily(true));
    }
    if (options.wants("pgmob-core")) {
      all.add(new Pipelines.CoreFamily());
    }
    if (options.wants("fleet")) {
      all.add(new Pipelines.FleetFamily());
    }
    return all;
  }

  private record BRow(String name, String description, int visited, List<Sample> perRound, double openMs,
      long heapHeld, long heapAbsolute, int peakThreads) {}

  private void scenarioB(Testbed bed, ProxyProcess proxy) throws Exception {
    List<Target> targets = bed.targets(options.targetsB, options.serversB);
    int n = targets.size();
    List<Endpoint> endpoints = targets.stream().map(t -> endpoint(t, proxy)).toList();
    double rtt = rttMs.get(proxy.latencyMs());
    String title = String.format(Locale.ROOT,
        "Scenario B, steady-state pipeline: %d held sessions (%d servers x %d databases), %d ms each way (round trip %.1f ms)",
        n, options.serversB, options.dbsPerServerB(), proxy.latencyMs(), rtt);
    say("%n%s", title);
    List<BRow> rows = new ArrayList<>();
    for (Family fam : families()) {
      long heap0 = Meter.heapAfterGc();
      Meter.resetPeakThreads();
      long t0 = System.nanoTime();
      try (fam) {
        fam.open(endpoints, OPEN_PARALLEL);
        double openMs = (System.nanoTime() - t0) / 1e6;
        long heap1 = Meter.heapAfterGc();
        int peakOpen = Meter.peakThreads();
        say("  %s: %d sessions open in %.1f s, heap after GC %.1f MiB (%.1f MiB more than before)", fam.name(), n,
            openMs / 1e3, mib(heap1), mib(heap1 - heap0));
        for (Pipeline p : fam.pipelines()) {
          if (!options.wants(p.name())) {
            continue;
          }
          List<Sample> per = new ArrayList<>();
          StringBuilder progress = new StringBuilder("    " + p.name() + ":");
          for (int rep = 0; rep < options.warmups + options.repeats; rep++) {
            Sample s = rounds(bed, proxy, p, n);
            if (rep >= options.warmups) {
              per.add(s);
            }
            progress.append(String.format(Locale.ROOT, " %.0f", s.wallMs()));
          }
          say("%s ms/round", progress);
          int peak = Math.max(peakOpen, per.stream().mapToInt(Sample::peakThreads).max().orElse(0));
          rows.add(new BRow(p.name(), p.description(), p.visited(), per, openMs, heap1 - heap0, heap1, peak));
        }
      }
    }
    Map<String, Double> roundMs = new LinkedHashMap<>();
    rows.forEach(r -> roundMs.put(r.name(), Stats.of(r.perRound(), Sample::wallMs).median()));
    double jdbc64 = roundMs.getOrDefault("jdbc-64", Double.NaN);
    double r2dbc = roundMs.getOrDefault("r2dbc", Double.NaN);
    Table table = new Table("alternative", "rounds/s, median [min-max]", "round ms", "rounds/s vs jdbc-64",
        "time vs r2dbc", "time vs 1 round trip", "client CPU ms/round", "server CPU ms/round", "proxy CPU ms/round",
        "peak threads",
        "heap held MiB (total)", "open s");
    for (BRow r : rows) {
      Stats ms = Stats.of(r.perRound(), Sample::wallMs);
      table.row(r.name() + (r.visited() < n ? " *" : ""),
          Stats.fmt(1000 / ms.median()) + " [" + Stats.fmt(1000 / ms.max()) + "-" + Stats.fmt(1000 / ms.min()) + "]",
          Stats.fmt(ms.median()), ratio(jdbc64 / ms.median()), ratio(ms.median() / r2dbc), ratio(ms.median() / rtt),
          Stats.fmt(Stats.of(r.perRound(), Sample::cpuMs).median()),
          Stats.fmt(Stats.of(r.perRound(), Sample::serverCpuMs).median()),
          Stats.fmt(Stats.of(r.perRound(), Sample::proxyCpuMs).median()), Integer.toString(r.peakThreads()),
          Stats.fmt(mib(r.heapHeld())) + " (" + Stats.fmt(mib(r.heapAbsolute())) + ")",
          Stats.fmt(r.openMs() / 1e3));
    }
    say("%s", table.text());
    String sampleNote = String.format(Locale.ROOT,
        "* visits the first %d targets per round; its figures are scaled to all %d. Heap: used heap after GC with the"
            + " sessions held, minus the same before opening them (total in parentheses). Rows of one driver share"
            + " their sessions, so they show the same heap and open time.", Math.min(options.seqSample, n), n);
    say("  %s", sampleNote);
    for (BRow r : rows) {
      say("  %-12s %s", r.name(), r.description());
    }
    md("### %s\n\nQuery per target and round: `%s`.\n\n%s\n%s\n\n", title, Pipelines.QUERY, table.markdown(),
        sampleNote.replace("*", "\\*"));
    for (String engine : List.of("fleet", "pgmob-core")) {
      if (!roundMs.containsKey(engine)) {
        continue;
      }
      double mine = roundMs.get(engine);
      BRow row = rows.stream().filter(r -> r.name().equals(engine)).findFirst().orElseThrow();
      if (!Double.isNaN(jdbc64)) {
        verdict(jdbc64 / mine >= 5, "B at %d ms: %s at least 5x the rounds/s of jdbc-64: %.2f vs %.2f rounds/s (%s)",
            proxy.latencyMs(), engine, 1000 / mine, 1000 / jdbc64, ratio(jdbc64 / mine));
      }
      if (!Double.isNaN(r2dbc)) {
        verdict(mine <= 1.15 * r2dbc, "B at %d ms: %s at most 1.15x the time of raw r2dbc: %.1f vs %.1f ms per round (%s)",
            proxy.latencyMs(), engine, mine, r2dbc, ratio(mine / r2dbc));
      }
      verdict(mine <= 2 * rtt, "B at %d ms: %s within 2x of the latency bound (one round trip, %.1f ms): %.1f ms (%s)",
          proxy.latencyMs(), engine, rtt, mine, ratio(mine / rtt));
      if (!engine.equals("fleet")) {
        verdict(row.heapAbsolute() <= 256L << 20, "B at %d ms: %d sessions held by %s in at most 256 MiB of heap:"
            + " %.1f MiB in total after GC (%.1f MiB for the sessions)", proxy.latencyMs(), n, engine,
            mib(row.heapAbsolute()), mib(row.heapHeld()));
      }
    }
  }

  /** Repeats rounds for at least {@code --round-seconds} (at least one); the sample is per round, scaled to n. */
  private Sample rounds(Testbed bed, ProxyProcess proxy, Pipeline p, int n) throws Exception {
    int[] count = {0};
    long span = (long) (options.roundSeconds * 1e9);
    Sample total = Meter.measure(bed.serverCpu, proxy.pid(), () -> {
      long end = System.nanoTime() + span;
      do {
        p.round();
        count[0]++;
      } while (System.nanoTime() < end);
    });
    roundsChecked += (long) count[0] * p.visited();
    double k = n / (double) p.visited() / count[0];
    return new Sample(total.wallMs() * k, total.cpuMs() * k, total.serverCpuMs() * k, total.proxyCpuMs() * k,
        total.peakThreads());
  }

  // ---------------------------------------------------------------- helpers

  private static Endpoint endpoint(Target t, ProxyProcess proxy) {
    return new Endpoint(t, "127.0.0.1", proxy.port(t.hostAndPort()));
  }

  /** Median round trip of {@code SELECT 1} over an open pgjdbc connection, direct or through a proxy. */
  private static double rtt(PgServer s, ProxyProcess proxy) throws Exception {
    String host = proxy == null ? s.host() : "127.0.0.1";
    int port = proxy == null ? s.port() : proxy.port(s.host() + ":" + s.port());
    try (Connection c = Testbed.jdbc(host, port, "postgres", s.superuser(), s.password() == null ? "" : s.password());
         Statement st = c.createStatement()) {
      List<Sample> times = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        long t0 = System.nanoTime();
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
          rs.next();
        }
        if (i >= 5) {
          times.add(new Sample((System.nanoTime() - t0) / 1e6, 0, 0, 0, 0));
        }
      }
      return Stats.of(times, Sample::wallMs).median();
    }
  }

  private void verdict(boolean met, String format, Object... args) {
    verdicts.add((met ? "met: " : "MISSED: ") + String.format(Locale.ROOT, format, args));
  }

  private static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
  }

  private static double mib(long bytes) {
    return bytes / (double) (1L << 20);
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private void md(String format, Object... args) {
    markdown.append(String.format(Locale.ROOT, format, args));
  }

  /** The classpath of this program, also when run by {@code exec:java} (whose loader holds it). */
  static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    ClassLoader cl = FleetBenchmark.class.getClassLoader();
    while (cl != null) {
      if (cl instanceof URLClassLoader u) {
        for (URL url : u.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file: skip
          }
        }
      }
      cl = cl.getParent();
    }
    entries.addAll(Arrays.asList(System.getProperty("java.class.path", "").split(File.pathSeparator)));
    entries.remove("");
    return String.join(File.pathSeparator, entries);
  }

  /** Runs the measurement in a fresh JVM with the same arguments and returns its exit code. */
  private static int fork(Options o) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : o.jvmArgs.trim().split("\\s+")) {
      if (!a.isEmpty()) {
        cmd.add(a);
      }
    }
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("pgmob.")) {
        cmd.add("-D" + k + "=" + System.getProperty(k));
      }
    }
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(FleetBenchmark.class.getName());
    cmd.addAll(o.raw);
    cmd.add("--no-fork");
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return p.waitFor();
  }
}
