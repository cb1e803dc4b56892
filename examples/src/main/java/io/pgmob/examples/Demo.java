package io.pgmob.examples;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.examples.fleet.RoleRotation;
import io.pgmob.sql.Identifier;
import io.pgmob.fleet.ConsoleProgress;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.rollout.RolloutListener;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The README's first command: starts a small fleet of local PostgreSQL clusters (default 20),
 * rotates the password of role {@code app} on all of them with a canary-then-waves rollout and
 * live progress, prints the fleet report and a few metrics, and stops every cluster it started,
 * also when interrupted (Ctrl-C).
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java
 * ./mvnw -q -pl examples -am -DskipTests package exec:java -Dexec.args="--clusters 5"
 * </pre>
 *
 * <p>Options: {@code --clusters N} (1..200, default 20), {@code --concurrency N} (clusters worked on
 * at once, default 8), {@code --role NAME} (default {@code app}), {@code --progress waves|bar} (a
 * line per wave on standard output, the default, or {@link ConsoleProgress}'s bar on standard
 * error). Exit code 0 when every cluster was rotated, 1 when the rollout failed or halted, 2 for
 * bad options, 130 when interrupted.
 */
public final class Demo {

  private Demo() {}

  /** Runs the demo and exits with its code (only a non-zero code ends the JVM explicitly). */
  public static void main(String[] args) {
    // keep the console for the demo's own output (library warnings still show)
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int code = run(args, System.out);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the demo with command-line {@code args}, printing to {@code out}; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException | InvalidInputException e) {
      out.println(e.getMessage());
      out.println("usage: Demo [--clusters N] [--concurrency N] [--role NAME] [--progress waves|bar]");
      return 2;
    }
    long t0 = System.nanoTime();
    out.printf("Starting %d PostgreSQL clusters...%n", options.clusters);
    AtomicReference<Disposable> running = new AtomicReference<>();
    // On Ctrl-C: cancel the rollout (statements cancelled, sessions closed); the testkit's own
    // shutdown hook stops the servers.
    Thread onInterrupt = new Thread(() -> {
      Disposable d = running.get();
      if (d != null) {
        d.dispose();
      }
    }, "pgmob-demo-interrupt");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try (LocalClusters local = LocalClusters.start(options.clusters)) {
      out.printf("%d clusters up in %s%n%n", options.clusters, seconds(System.nanoTime() - t0));
      FleetReport setUp = FleetReport.collect(Fleet.create(local.inventory()).run("*", (Cluster c) -> c.roles()
          .ensure(RoleSpec.named(options.role).login(true).password(Password.plain(RoleRotation.newPassword())))))
          .block();
      if (!setUp.isSuccess()) {
        out.print("Set-up failed:\n" + setUp);
        return 1;
      }
      out.printf("Set-up: role %s with an old password on %d clusters%n%n", options.role, setUp.total());

      MeterRegistry registry = new SimpleMeterRegistry();
      Fleet fleet = Fleet.create(local.inventory(), FleetOptions.builder()
          .concurrency(options.concurrency)
          .timeout(Duration.ofSeconds(30))   // per cluster and attempt; local clusters answer in milliseconds
          .meterRegistry(registry)
          .build());
      Map<String, String> newPasswords = new ConcurrentHashMap<>();   // a real rotation writes them to a vault
      long t1 = System.nanoTime();
      Mono<RolloutReport> rotation = RoleRotation.run(fleet, "env=demo", options.role,
          name -> newPasswords.computeIfAbsent(name, n -> RoleRotation.newPassword()),
          options.bar ? ConsoleProgress.stderr() : new WaveLog(out));
      CompletableFuture<RolloutReport> finished = new CompletableFuture<>();
      running.set(rotation.subscribe(finished::complete, finished::completeExceptionally));
      RolloutReport report = finished.join();
      out.printf("%nRotation finished in %s%n", seconds(System.nanoTime() - t1));
      out.print(report);
      printMetrics(registry, out);
      return report.status() == RolloutReport.Status.COMPLETED && report.report().isSuccess() ? 0 : 1;
    } catch (RuntimeException e) {
      out.println("Demo failed: " + e.getMessage());
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // interrupted: the hook is running or has run
      }
      out.printf("Stopped every cluster (%s in all)%n", seconds(System.nanoTime() - t0));
    }
  }

  private static void printMetrics(MeterRegistry registry, PrintStream out) {
    out.println("Metrics of the rotation:");
    for (Timer t : registry.find("pgmob.fleet.operations").timers()) {
      if (t.count() > 0) {
        out.printf("  pgmob.fleet.operations{outcome=%s}  count=%d  mean=%.0fms  max=%.0fms%n",
            t.getId().getTag("outcome"), t.count(), t.mean(TimeUnit.MILLISECONDS),
            t.max(TimeUnit.MILLISECONDS));
      }
    }
    out.printf("  pgmob.fleet.retries  %.0f%n", registry.get("pgmob.fleet.retries").counter().count());
    out.printf("  pgmob.fleet.connections (open now)  %.0f%n", registry.get("pgmob.fleet.connections").gauge().value());
  }

  private static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }

  /** Parsed command-line options. */
  record Options(int clusters, int concurrency, String role, boolean bar) {

    static Options parse(String[] args) {
      int clusters = 20;
      int concurrency = 8;
      String role = "app";
      boolean bar = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown option or missing value: " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--clusters" -> clusters = number(a, v, 1, 200);
          case "--concurrency" -> concurrency = number(a, v, 1, 1000);
          case "--role" -> role = v;
          case "--progress" -> bar = switch (v) {
            case "bar" -> true;
            case "waves" -> false;
            default -> throw new IllegalArgumentException("--progress takes waves or bar, got " + v);
          };
          default -> throw new IllegalArgumentException("unknown option: " + a);
        }
      }
      return new Options(clusters, concurrency, Identifier.validate(role, "role name"), bar);
    }

    private static int number(String option, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", got " + value);
    }
  }
}
