package io.pgmob.fleet.cli;

import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.fleet.rollout.Wave;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How a changing command rolls out: canary, waves, thresholds, pause, dry run, journal. */
final class RolloutOptions {

  @Option(names = "--name", paramLabel = "NAME",
      description = "Rollout name (journal records carry it). Default: derived from the command and its input, "
          + "so the same command resumes the same journal.")
  @Nullable String name;

  @Option(names = "--canary", paramLabel = "N", defaultValue = "0",
      description = "Run the first N selected clusters alone first (wave 0). Default: ${DEFAULT-VALUE}.")
  int canary;

  @Option(names = "--waves", paramLabel = "SIZE", split = ",",
      description = "Wave sizes after the canary: counts, percentages of the selection, or 'rest'; the last size "
          + "repeats (--waves 10%%,25%%,rest or --waves 5). Default: one wave with all the rest.")
  List<String> waves = new ArrayList<>();

  @Option(names = "--max-failures", paramLabel = "N|P%", defaultValue = "0",
      description = "Halt when more clusters than this failed over the whole rollout. Default: ${DEFAULT-VALUE} "
          + "(the first failure halts).")
  String maxFailures = "0";

  @Option(names = "--max-failures-per-wave", paramLabel = "N|P%",
      description = "Halt when more clusters than this failed within one wave. Default: no limit per wave.")
  @Nullable String maxFailuresPerWave;

  @Option(names = "--pause", paramLabel = "DURATION", converter = CommonOptions.DurationConverter.class,
      description = "Wait this long between waves (30s, 5m). Default: no pause.")
  @Nullable Duration pause;

  @Option(names = {"-n", "--dry-run"},
      description = "Show each cluster's plan (the statements it would run), change nothing.")
  boolean dryRun;

  @Option(names = "--confirm-waves",
      description = "Before each wave after the first, show how the last one went and ask on the terminal whether "
          + "to go on (anything but y halts the rollout).")
  boolean confirmWaves;

  @Option(names = {"-j", "--journal"}, paramLabel = "FILE",
      description = "Append each cluster's start and outcome to FILE (JSON lines). Run the same command with the "
          + "same journal again to resume: finished clusters are skipped, failed ones retried.")
  @Nullable Path journal;

  @Option(names = "--new-journal",
      description = "Start a new journal even if FILE holds one (the old file is kept as FILE.replaced-<time>) and run "
          + "every selected cluster. Needed when the journal belongs to another operation, e.g. a second password "
          + "rotation of the same role: such a journal is refused, never taken as done.")
  boolean newJournal;

  Rollout build(String defaultName) {
    Rollout.Builder b = CommonOptions.option("--name", () -> Rollout.builder(name != null ? name : defaultName));
    CommonOptions.option("--canary", () -> b.canary(canary));
    CommonOptions.option("--max-failures", () -> b.maxFailures(Threshold.parse(maxFailures)));
    if (!waves.isEmpty()) {
      CommonOptions.option("--waves", () -> b.waves(waves.stream().map(String::strip).map(Wave::parse).toList()));
    }
    if (maxFailuresPerWave != null) {
      CommonOptions.option("--max-failures-per-wave", () -> b.maxFailuresPerWave(Threshold.parse(maxFailuresPerWave)));
    }
    if (pause != null) {
      CommonOptions.option("--pause", () -> b.pauseBetweenWaves(pause));
    }
    if (journal != null && !dryRun) {
      b.journal(journal).newJournal(newJournal);
    } else if (newJournal) {
      throw new PgmobCommand.UsageException("--new-journal needs --journal FILE");
    }
    return b.dryRun(dryRun).build();
  }
}
