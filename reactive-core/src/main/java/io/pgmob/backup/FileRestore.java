package io.pgmob.backup;

import io.pgmob.session.SqlSession;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Restores an archive file on the server host with {@code pg_restore}. Immutable; from {@code
 * cluster.backups().fromFile()}.
 *
 * <pre>{@code
 * cluster.backups().fromFile().basePath("/var/backups/pg")
 *     .options(RestoreOptions.builder().noOwner(true).exitOnError(true).build())
 *     .restore("app_copy", "app.dump")
 * }</pre>
 *
 * <p>The database must exist unless the options say {@code create} (then {@code database} is the
 * one pg_restore connects to first, e.g. {@code postgres}).
 */
public final class FileRestore extends ToolOperation<FileRestore> {

  private final RestoreOptions options;

  FileRestore(SqlSession<?> cluster) {
    this(cluster, defaults("pg_restore"), RestoreOptions.defaults());
  }

  private FileRestore(SqlSession<?> cluster, Config config, RestoreOptions options) {
    super(cluster, config);
    this.options = options;
  }

  @Override
  FileRestore copy(Config config) {
    return new FileRestore(cluster, config, options);
  }

  /** The pg_restore options; default {@link RestoreOptions#defaults()}. */
  public FileRestore options(RestoreOptions options) {
    return new FileRestore(cluster, config, Objects.requireNonNull(options, "options"));
  }

  /** The pg_restore command that {@link #restore} would run. */
  public Mono<CommandLine> command(String database, String path) {
    return command(database, path, full -> toolCommand(database, options.arguments(), List.of("--", full)));
  }

  /** Restores the archive at {@code path} into {@code database} and returns pg_restore's output. */
  public Mono<CommandResult> restore(String database, String path) {
    return run(database, path, this::command);
  }
}
