package io.pgmob.fleet.cli;

import io.pgmob.fleet.ConsoleProgress;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.ProgressListener;
import io.pgmob.fleet.RetryPolicy;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.internal.Terminal;
import io.pgmob.fleet.inventory.Target;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Options every fleet command takes: inventory, selector, limits, progress and output format. */
final class CommonOptions {

  /** When to draw the progress bar. */
  enum ProgressMode { auto, always, never }

  /** How to print rows and summaries. */
  enum Format { table, csv, json }

  @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
      description = "Inventory file, YAML or JSON. Default: $PGMOB_INVENTORY, else ./fleet.yaml.")
  @Nullable Path inventory;

  @Option(names = {"-s", "--select"}, paramLabel = "SELECTOR", defaultValue = "",
      description = "Which clusters, by label: env=prod,region=eu|us,tier!=db,backup,!decommissioned,name=eu-*"
          + " (comma = AND, | = OR within a label, ! = not). Default: all.")
  String selector = "";

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
      description = "Clusters worked on at once. Default: ${DEFAULT-VALUE}.")
  int concurrency = 32;

  @Option(names = "--rate", paramLabel = "OPS", defaultValue = "0",
      description = "Operations per second against one cluster (retries count); 0 = unlimited. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
      description = "Limit per attempt on one cluster, connecting included (500ms, 30s, 2m, 1h). Default: ${DEFAULT-VALUE}.")
  Duration timeout = Duration.ofMinutes(2);

  @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
      description = "Attempts per cluster for transient failures (connection refused, serialization failure,"
          + " lock timeout ...); 1 = no retry. Default: ${DEFAULT-VALUE}.")
  int attempts = 3;

  @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
      description = "Live progress bar on stderr: auto (when stderr is a terminal), always, never. Default: ${DEFAULT-VALUE}.")
  ProgressMode progress = ProgressMode.auto;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "Output on stdout: table, csv or json. Default: ${DEFAULT-VALUE}.")
  Format output = Format.table;

  Inventory inventory(CliEnvironment env) {
    Path file = inventory;
    if (file == null) {
      String fromEnv = env.env().apply("PGMOB_INVENTORY");
      file = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "fleet.yaml");
    }
    if (!Files.exists(file)) {
      throw new PgmobCommand.UsageException("the inventory file " + file.toAbsolutePath().normalize()
          + " does not exist (give -i FILE or set PGMOB_INVENTORY)");
    }
    return Inventory.load(file);
  }

  List<Target> targets(Inventory inventory) {
    List<Target> targets = inventory.select(Selector.parse(selector));
    if (targets.isEmpty()) {
      throw new PgmobCommand.UsageException("no cluster of the inventory (" + inventory.size() + " targets) matches '"
          + selector + "'");
    }
    List<String> unreadable = io.pgmob.fleet.inventory.Credentials.unreadable(targets);
    if (!unreadable.isEmpty()) {
      throw new PgmobCommand.UsageException("cannot read " + (unreadable.size() == 1 ? "a credential or TLS file"
          : unreadable.size() + " credentials or TLS files") + " of the inventory; nothing was run:\n  "
          + String.join("\n  ", unreadable));
    }
    return targets;
  }

  FleetOptions fleetOptions(ProgressListener listener, @Nullable MeterRegistry registry) {
    if (attempts < 1) {
      throw new PgmobCommand.UsageException("--attempts must be at least 1");
    }
    FleetOptions.Builder b = FleetOptions.builder();
    option("--concurrency", () -> b.concurrency(concurrency));
    option("--rate", () -> b.perClusterRate(rate));
    option("--timeout", () -> b.timeout(timeout));
    return b.retry(attempts == 1 ? RetryPolicy.none() : RetryPolicy.DEFAULT.withMaxAttempts(attempts))
        .listener(listener).meterRegistry(registry).build();
  }

  /** Runs {@code set}; a value it refuses is a usage error that names {@code option}. */
  static <T> T option(String option, java.util.function.Supplier<T> set) {
    try {
      return set.get();
    } catch (io.pgmob.error.InvalidInputException e) {
      throw new PgmobCommand.UsageException(option + ": " + e.getMessage());
    }
  }

  /**
   * The live progress bar as {@code --progress} asks: drawn in place on stderr (always, or when
   * stderr is a terminal), fitted to the terminal's width, coloured unless {@code NO_COLOR} is set;
   * otherwise nothing is drawn.
   */
  ConsoleProgress.Builder progress(CliEnvironment env) {
    boolean draw = progress == ProgressMode.always || (progress == ProgressMode.auto && env.terminal());
    return ConsoleProgress.builder(env.err()).mode(draw ? ConsoleProgress.Mode.IN_PLACE : ConsoleProgress.Mode.OFF)
        .columns(Terminal.stderrColumns(env.env(), env.terminal())).color(Terminal.color(env.env(), env.terminal()))
        .barWidth(28).elapsed(true).refresh(Duration.ofMillis(250));
  }

  /** Durations as 500ms, 30s, 2m, 1h, 1d or ISO-8601 (PT30S). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (io.pgmob.error.InvalidInputException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }

    static Duration parse(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("p")) {
          return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
          return Duration.ofMillis(io.pgmob.session.Numbers.parseLong(v.substring(0, v.length() - 2), "a duration"));
        }
        long n = io.pgmob.session.Numbers.parseLong(v.substring(0, v.length() - 1), "a duration");
        switch (v.charAt(v.length() - 1)) {
          case 's': return Duration.ofSeconds(n);
          case 'm': return Duration.ofMinutes(n);
          case 'h': return Duration.ofHours(n);
          case 'd': return Duration.ofDays(n);
          default: break;
        }
      } catch (RuntimeException e) {
        // fall through to the message below
      }
      throw new io.pgmob.error.InvalidInputException("'" + value + "' is not a duration: use 500ms, 30s, 2m, 1h or PT30S");
    }
  }
}
