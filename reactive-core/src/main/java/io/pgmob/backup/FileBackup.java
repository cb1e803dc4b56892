package io.pgmob.backup;

import io.pgmob.session.SqlSession;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import io.pgmob.os.ShellQuote;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Dumps a database with {@code pg_dump} to a file on the server host. Immutable; from {@code
 * cluster.backups().toFile()}.
 *
 * <pre>{@code
 * cluster.backups().toFile()
 *     .basePath("/var/backups/pg")
 *     .options(BackupOptions.builder().schemaOnly(true).build())
 *     .onFinish(t -> CommandLine.of("chmod", "600", t.path()))
 *     .backup("app", "app-schema.dump")
 * }</pre>
 *
 * <p>The tool writes the file itself ({@code --file=...}) as the server's OS user, under a
 * temporary name renamed on success and removed on failure. Fails with {@link
 * io.pgmob.os.OsCommandFailedException} (carrying pg_dump's output) when pg_dump exits non-zero,
 * and with {@link ToolAuthenticationException} when the server refused pg_dump's login (saying
 * which rule asked for what, and how to let it in).
 */
public final class FileBackup extends ToolOperation<FileBackup> {

  private final BackupOptions options;

  FileBackup(SqlSession<?> cluster) {
    this(cluster, defaults("pg_dump"), BackupOptions.defaults());
  }

  private FileBackup(SqlSession<?> cluster, Config config, BackupOptions options) {
    super(cluster, config);
    this.options = options;
  }

  @Override
  FileBackup copy(Config config) {
    return new FileBackup(cluster, config, options);
  }

  /** The pg_dump options; default {@link BackupOptions#defaults()}. */
  public FileBackup options(BackupOptions options) {
    return new FileBackup(cluster, config, Objects.requireNonNull(options, "options"));
  }

  /**
   * The command that {@link #backup} would run (for a dry run or a log): pg_dump writes to {@code
   * <path>.pgmob-partial}, which is renamed to {@code path} when pg_dump succeeds and removed when
   * it fails, so a failed backup never leaves a file (an empty or truncated one) under the name of
   * a good one, and never clobbers an earlier backup.
   */
  public Mono<CommandLine> command(String database, String path) {
    return command(database, path, full -> {
      String partial = full + PARTIAL_SUFFIX;
      return toolCommand(database, options.arguments(), List.of("--file=" + partial))
          .map(dump -> CommandLine.trustedScript(dump.text()
              + " && mv -fT -- " + ShellQuote.quote(partial) + " " + ShellQuote.quote(full)
              + "\nrc=$?; [ $rc -eq 0 ] || rm -rf -- " + ShellQuote.quote(partial) + "; exit $rc"));
    });
  }

  /** What pg_dump's output is named until it succeeds. */
  static final String PARTIAL_SUFFIX = ".pgmob-partial";

  /** Dumps {@code database} to {@code path} (relative to the base path) and returns pg_dump's output. */
  public Mono<CommandResult> backup(String database, String path) {
    return run(database, path, this::command);
  }
}
