package io.pgmob.backup;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Streams {@code pg_dump}'s output into an object store command ({@code pg_dump ... | aws s3 cp -
 * s3://...}); nothing is written to the server's disk. Immutable; from {@code
 * cluster.backups().toObjectStore(store)}.
 *
 * <p>The pipe is checked on both sides: a failing pg_dump fails the backup even when the upload
 * command succeeded with a truncated stream. The directory format cannot be streamed.
 */
public final class ObjectStoreBackup extends ToolOperation<ObjectStoreBackup> {

  private final ObjectStore store;
  private final BackupOptions options;

  ObjectStoreBackup(SqlSession<?> cluster, ObjectStore store) {
    this(cluster, defaults("pg_dump"), Objects.requireNonNull(store, "store"), BackupOptions.defaults());
  }

  private ObjectStoreBackup(SqlSession<?> cluster, Config config, ObjectStore store, BackupOptions options) {
    super(cluster, config);
    this.store = store;
    this.options = options;
  }

  @Override
  ObjectStoreBackup copy(Config config) {
    return new ObjectStoreBackup(cluster, config, store, options);
  }

  /**
   * The pg_dump options; default {@link BackupOptions#defaults()}.
   *
   * @throws InvalidInputException for the directory format
   */
  public ObjectStoreBackup options(BackupOptions options) {
    if (options.format() == Format.DIRECTORY) {
      throw new InvalidInputException("the directory format cannot be streamed to an object store");
    }
    return new ObjectStoreBackup(cluster, config, store, options);
  }

  /** The pipeline that {@link #backup} would run. */
  public Mono<CommandLine> command(String database, String url) {
    return command(database, url, full -> toolCommand(database, options.arguments(), List.of())
        .map(dump -> dump.pipeChecked(store.upload().apply(full))));
  }

  /** Dumps {@code database} into the object at {@code url} (relative to the base path). */
  public Mono<CommandResult> backup(String database, String url) {
    return run(database, url, this::command);
  }
}
