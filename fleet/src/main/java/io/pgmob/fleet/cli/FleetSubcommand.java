package io.pgmob.fleet.cli;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.ConsoleProgress;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.ops.FleetJson;
import io.pgmob.fleet.ops.InvalidRequestException;
import io.pgmob.fleet.ops.OperationRequest;
import io.pgmob.password.Password;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** What every fleet command shares: the environment, common options, and running a rollout to an exit code. */
abstract class FleetSubcommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  CliEnvironment env() {
    return ((PgmobCommand) spec.root().userObject()).environment();
  }

  /** Reads a secret from an environment variable or a file (first line), never from the command line. */
  String secret(@Nullable String envName, java.nio.file.@Nullable Path file, String what) {
    if ((envName == null) == (file == null)) {
      throw new PgmobCommand.UsageException("give the " + what + " with exactly one of --password-env NAME or --password-file FILE");
    }
    if (envName != null) {
      String v = env().env().apply(envName);
      if (v == null || v.isEmpty()) {
        throw new PgmobCommand.UsageException("environment variable " + envName + " (the " + what + ") is not set or empty");
      }
      return v;
    }
    String v = io.pgmob.fleet.inventory.TextFiles.readUtf8(file, what);
    int nl = v.indexOf('\n');
    v = nl >= 0 ? v.substring(0, nl) : v;
    v = v.endsWith("\r") ? v.substring(0, v.length() - 1) : v;
    if (v.isEmpty()) {
      throw new PgmobCommand.UsageException("the " + what + " file " + file.toAbsolutePath().normalize()
          + " is empty (its first line is the " + what + ")");
    }
    return v;
  }

  /**
   * Where the secret given by exactly one of {@code --password-env NAME} and {@code --password-file
   * FILE} is read: {@code env:NAME} or {@code file:FILE}, resolved by {@link #rollout(RolloutOptions,
   * OperationRequest)} from this command's environment.
   */
  String passwordRef(@Nullable String envName, java.nio.file.@Nullable Path file, String what) {
    if ((envName == null) == (file == null)) {
      throw new PgmobCommand.UsageException("give the " + what + " with exactly one of --password-env NAME or --password-file FILE");
    }
    passwordWhat = what;
    return envName != null ? "env:" + envName : "file:" + file;
  }

  private String passwordWhat = "password";

  /**
   * Checks {@code request} and builds its operation ({@link OperationRequest#operation}, as the
   * control plane does), then rolls it out under a default name made of its {@link
   * OperationRequest#nameParts()}. A field that is wrong is a usage error naming its option.
   */
  int rollout(RolloutOptions options, OperationRequest request) {
    FleetOperation<?> op;
    try {
      op = request.operation(ref -> Password.plain(ref.startsWith("env:")
          ? secret(ref.substring(4), null, passwordWhat) : secret(null, java.nio.file.Path.of(ref.substring(5)), passwordWhat)));
    } catch (InvalidRequestException e) {
      throw new PgmobCommand.UsageException(e.errors().stream().map(f -> option(f.field()) + ": " + f.message())
          .collect(java.util.stream.Collectors.joining("; ")));
    }
    List<String> parts = request.nameParts();
    return rollout(options, defaultName(parts.get(0), parts.subList(1, parts.size()).toArray(String[]::new)), op);
  }

  /** The option or parameter that fills a request's {@code field}: {@code connectionLimit} is {@code --connection-limit}. */
  private String option(String field) {
    if (field.equals("passwordRef")) {
      return "--password-env/--password-file";
    }
    // grants[1] is the second --grant
    java.util.regex.Matcher indexed = java.util.regex.Pattern.compile("(\\w+)\\[(\\d+)]").matcher(field);
    String name = indexed.matches() ? indexed.group(1) : field;
    String kebab = "--" + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    String found = spec.findOption(kebab) != null ? kebab
        : kebab.endsWith("s") && spec.findOption(kebab.substring(0, kebab.length() - 1)) != null
            ? kebab.substring(0, kebab.length() - 1) : null;
    if (found != null) {
      return indexed.matches() ? found + " (the " + ordinal(Integer.parseInt(indexed.group(2)) + 1) + " one)" : found;
    }
    return spec.positionalParameters().isEmpty() ? field : spec.positionalParameters().get(0).paramLabel();
  }

  private static String ordinal(int n) {
    String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return n + suffix;
  }

  /** A stable default rollout name: the command and a short hash of what it does. */
  static String defaultName(String command, String... inputs) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String s : inputs) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return command + "-" + HexFormat.of().formatHex(md.digest(), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Rolls {@code op} out over the selected clusters with live progress, prints the summary and
   * returns the exit code: 0 all succeeded or unchanged, 1 some failed (or were skipped, locked by
   * another rollout), 2 halted.
   */
  int rollout(RolloutOptions options, String defaultName, FleetOperation<?> op) {
    CliEnvironment env = env();
    Inventory inventory = common.inventory(env);
    List<Target> targets = common.targets(inventory);
    Rollout planned = options.build(defaultName);
    Fleet fleet = Fleet.create(inventory, common.fleetOptions(io.pgmob.fleet.ProgressListener.none(), null));
    Map<String, Integer> waveOf = new HashMap<>();
    RolloutReport report;
    try (ConsoleProgress bar = common.progress(env).total(targets.size()).inFlight(fleet::inFlight).build()) {
      Rollout rollout = options.confirmWaves && !planned.dryRun()
          ? planned.toBuilder().approval((finished, next) -> ask(env, bar, finished, next)).build() : planned;
      CompletableFuture<RolloutReport> done = RolloutReport.from(fleet.rollout(targets, rollout, op).doOnNext(e -> {
        if (e instanceof RolloutEvent.WaveStarted w) {
          w.clusters().forEach(c -> waveOf.put(c, w.wave()));
          bar.phase((rollout.canary() > 0 && w.wave() == 0 ? "canary" : "wave " + w.wave()));
        } else if (e instanceof RolloutEvent.ClusterFinished c) {
          bar.finished(c.result());
        }
      })).toFuture();
      report = await(done, fleet.close());
    }
    printReport(env.out(), report, waveOf, targets);
    if (report.status() == RolloutReport.Status.HALTED) {
      env.err().println("pgmob: rollout " + report.rollout() + " halted: " + report.haltReason()
          + (planned.journal() != null ? "; fix the cause and run the same command again to resume" : ""));
      env.err().flush();
      return ExitCodes.HALTED;
    }
    // a cluster skipped outside a dry run (locked by another rollout) was not done either
    boolean skipped = !report.dryRun() && report.report().count(Outcome.SKIPPED) > 0;
    return report.report().isSuccess() && !skipped ? ExitCodes.OK : ExitCodes.PARTIAL_FAILURE;
  }

  /** The --confirm-waves gate: asks on stderr, reads the answer from stdin off the engine's threads. */
  private static reactor.core.publisher.Mono<Boolean> ask(CliEnvironment env, ConsoleProgress bar,
      RolloutEvent.WaveFinished finished, int next) {
    return reactor.core.publisher.Mono.fromCallable(() -> {
      bar.pause();
      var r = finished.report();
      env.err().print("wave " + finished.wave() + " done: " + r.count(Outcome.SUCCEEDED) + " succeeded, "
          + r.count(Outcome.UNCHANGED) + " unchanged, " + r.count(Outcome.FAILED) + " failed, "
          + r.count(Outcome.SKIPPED) + " skipped. Go on with wave " + next + "? [y/N] ");
      env.err().flush();
      String answer = env.in().readLine();
      boolean go = answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
      if (answer == null) {
        env.err().println();
      }
      env.err().println(go ? "going on with wave " + next : "stopping before wave " + next);
      env.err().flush();
      bar.resume();
      return go;
    }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
  }

  /**
   * Waits for the run on the command's thread (the process edge; the engine itself never blocks).
   * Ctrl-C cancels it: statements in flight are cancelled on the servers before the JVM exits.
   */
  static <T> T await(CompletableFuture<T> done) {
    return await(done, reactor.core.publisher.Mono.empty());
  }

  /**
   * {@link #await(CompletableFuture)}; on Ctrl-C, after cancelling, waits (bounded) for {@code
   * drain} (a fleet's close(): every session closed, after the cancel requests of its statements)
   * before the JVM exits, so the statements stop on the servers.
   */
  static <T> T await(CompletableFuture<T> done, reactor.core.publisher.Mono<Void> drain) {
    java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
    Thread hook = new Thread(() -> {
      // cancels the run at once (the statements in flight get a cancel request, a rollout journals
      // its clusters in flight as cancelled), then lets the command report it before the JVM exits
      done.cancel(true);
      try {
        drain.block(java.time.Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        // exiting anyway: the cancel requests were sent or timed out
      }
      try {
        reported.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pgmob-cancel");
    boolean hooked = false;
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      hooked = true;
    } catch (IllegalStateException e) {
      // already shutting down
    }
    try {
      return done.get();
    } catch (java.util.concurrent.CancellationException e) {
      throw new PgmobCommand.Interrupted(reported);
    } catch (InterruptedException e) {
      done.cancel(true);
      Thread.currentThread().interrupt();
      throw new PgmobCommand.Interrupted(reported);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs
        }
      }
    }
  }

  void printReport(PrintWriter out, RolloutReport report, Map<String, Integer> waveOf, List<Target> targets) {
    if (common.output == CommonOptions.Format.json) {
      out.println(FleetJson.writePretty(FleetJson.report(report, true)));
      out.flush();
      return;
    }
    Map<String, ClusterResult<?>> byName = new HashMap<>();
    report.results().forEach(r -> byName.put(r.name(), r));
    List<String> columns = List.of("cluster", "wave", "outcome", "attempts", "ms", "detail");
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (Target t : targets) {
      ClusterResult<?> r = byName.get(t.name());
      if (r == null) {
        String state = report.alreadyDone().contains(t.name()) ? "done before" : "not started";
        rows.add(java.util.Arrays.asList(t.name(), waveOf.get(t.name()), state, null, null, null));
        continue;
      }
      String detail = r.error() != null ? r.message() + (r.sqlState() != null ? " [" + r.sqlState() + "]" : "")
          : r.plan() != null ? (r.plan().isEmpty() ? "nothing to do" : r.plan().size() + " statement(s), shown above")
          : r.value() != null ? String.valueOf(r.value()) : "";
      rows.add(java.util.Arrays.asList(t.name(), waveOf.get(t.name()), FleetJson.outcome(r.outcome()), r.attempts(),
          r.attempts() > 0 ? r.timings().elapsed().toMillis() : null, detail));
    }
    if (common.output == CommonOptions.Format.csv) {
      Output.print(out, common.output, columns, rows);
      return;
    }
    if (report.dryRun()) {
      out.println("Dry run of " + report.rollout() + ": nothing was changed. Plans:");
      for (Target t : targets) {
        ClusterResult<?> r = byName.get(t.name());
        if (r != null) {
          out.println("-- " + t.name() + " (" + FleetJson.outcome(r.outcome()) + ")");
          if (r.plan() != null) {
            r.plan().statements().forEach(s -> out.println("   " + s));
          } else if (r.message() != null) {
            out.println("   " + r.message());
          }
        }
      }
      out.println();
    }
    Output.table(out, columns, rows);
    var rep = report.report();
    out.println("rollout " + report.rollout() + (report.dryRun() ? " (dry run)" : "") + ": "
        + report.status().name().toLowerCase(java.util.Locale.ROOT)
        + (report.haltReason() != null ? " (" + report.haltReason() + ")" : "") + "; "
        + rep.count(Outcome.SUCCEEDED) + " succeeded, " + rep.count(Outcome.UNCHANGED) + " unchanged, "
        + rep.count(Outcome.FAILED) + " failed, " + rep.count(Outcome.SKIPPED) + " skipped"
        + (report.alreadyDone().isEmpty() ? "" : ", " + report.alreadyDone().size() + " done before (journal)")
        + (report.notStarted().isEmpty() ? "" : ", " + report.notStarted().size() + " not started")
        + "; p50 " + rep.latency().p50().toMillis() + "ms, max " + rep.latency().max().toMillis() + "ms");
    out.flush();
  }
}
