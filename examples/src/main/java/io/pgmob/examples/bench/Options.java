package io.pgmob.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Command-line options of {@link FleetBenchmark}. Defaults are the sizes of issue #8; {@code
 * --quick} shrinks everything to a smoke test that runs in well under a minute.
 */
final class Options {

  boolean scenarioA = true;
  boolean scenarioB = true;
  int clustersA = 200;
  int serversA = 10;
  int targetsB = 1000;
  int serversB = 20;
  List<Integer> latenciesA = List.of(5, 50);
  List<Integer> latenciesB = List.of(50);
  int repeats = 5;
  int warmups = 1;
  int seqSample = 20;
  double roundSeconds = 3.0;
  int costCount = 100;
  int queryCount = 20000;
  int pgVersion = 15;
  boolean fork = true;
  String jvmArgs = "-Xms1g -Xmx2g";
  @Nullable Set<String> only;
  @Nullable String markdown;
  boolean quick;
  final List<String> raw = new ArrayList<>();

  static final String USAGE = String.join("\n",
      "usage: FleetBenchmark [options]",
      "  --quick                 small smoke-test sizes (6 clusters for A, 10 targets for B, 5 ms, 2 runs)",
      "  --scenario A|B|AB       which scenarios to run (default AB)",
      "  --clusters N            scenario A: clusters (server x database targets), default 200",
      "  --servers-a N           scenario A: servers the clusters are spread over, default 10",
      "  --targets N             scenario B: held sessions, default 1000",
      "  --servers-b N           scenario B: servers the targets are spread over, default 20",
      "  --latency-a MS[,MS]     scenario A: one-way latencies injected by the proxy, default 5,50",
      "  --latency-b MS[,MS]     scenario B: one-way latencies, default 50",
      "  --repeats N             measured runs per alternative, default 5",
      "  --warmups N             unmeasured warm-up runs per alternative, default 1",
      "  --seq-sample N          targets the sequential JDBC loop really visits (its figures are",
      "                          scaled to all targets; it is linear), default 20",
      "  --round-seconds S       scenario B: a measured run repeats rounds for at least S seconds, default 3",
      "  --cost-count N          connections per way in the per-connection CPU profile (0: skip), default 100",
      "  --query-count N         queries per way in the per-query CPU profile (0: skip), default 20000",
      "  --only a,b,...          only these alternatives (names as printed)",
      "  --pg-version N          PostgreSQL major of the servers, default 15",
      "  --markdown FILE         also write the result tables as Markdown to FILE",
      "  --no-fork               measure in this JVM (default: a fresh child JVM, so that the build",
      "                          tool's threads and heap are not counted)",
      "  --jvm-args \"...\"        options of the child JVM, default \"-Xms1g -Xmx2g\"");

  static Options parse(String[] args) {
    Options o = new Options();
    o.raw.addAll(Arrays.asList(args));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> {
          o.quick = true;
          o.clustersA = 6;
          o.serversA = 2;
          o.targetsB = 10;
          o.serversB = 2;
          o.latenciesA = List.of(5);
          o.latenciesB = List.of(5);
          o.repeats = 2;
          o.warmups = 1;
          o.seqSample = 3;
          o.roundSeconds = 0.3;
          o.costCount = 5;
          o.queryCount = 200;
        }
        case "--scenario" -> {
          String s = value(args, ++i, a).toUpperCase(Locale.ROOT);
          o.scenarioA = s.contains("A");
          o.scenarioB = s.contains("B");
        }
        case "--clusters" -> o.clustersA = positive(args, ++i, a);
        case "--servers-a" -> o.serversA = positive(args, ++i, a);
        case "--targets" -> o.targetsB = positive(args, ++i, a);
        case "--servers-b" -> o.serversB = positive(args, ++i, a);
        case "--latency-a" -> o.latenciesA = ints(value(args, ++i, a));
        case "--latency-b" -> o.latenciesB = ints(value(args, ++i, a));
        case "--repeats" -> o.repeats = positive(args, ++i, a);
        case "--warmups" -> o.warmups = Integer.parseInt(value(args, ++i, a));
        case "--seq-sample" -> o.seqSample = positive(args, ++i, a);
        case "--round-seconds" -> o.roundSeconds = Double.parseDouble(value(args, ++i, a));
        case "--cost-count" -> o.costCount = Integer.parseInt(value(args, ++i, a));
        case "--query-count" -> o.queryCount = Integer.parseInt(value(args, ++i, a));
        case "--only" -> o.only = new LinkedHashSet<>(Arrays.asList(value(args, ++i, a).split(",")));
        case "--pg-version" -> o.pgVersion = positive(args, ++i, a);
        case "--markdown" -> o.markdown = value(args, ++i, a);
        case "--no-fork" -> o.fork = false;
        case "--jvm-args" -> o.jvmArgs = value(args, ++i, a);
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    if (o.serversA > o.clustersA || o.serversB > o.targetsB) {
      throw new IllegalArgumentException("more servers than targets");
    }
    return o;
  }

  boolean wants(String alternative) {
    return only == null || only.contains(alternative);
  }

  int dbsPerServerA() {
    return (clustersA + serversA - 1) / serversA;
  }

  int dbsPerServerB() {
    return (targetsB + serversB - 1) / serversB;
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String name) {
    int v = Integer.parseInt(value(args, i, name));
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return v;
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    return List.copyOf(out);
  }
}
