package io.pgmob.backup;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Fetches an archive with an object store command into a temporary file on the server host, restores
 * it with {@code pg_restore}, and removes the file whatever happened (as PGMob does: restoring from
 * a pipe proved unreliable). Immutable; from {@code cluster.backups().fromObjectStore(store)}.
 */
public final class ObjectStoreRestore extends ToolOperation<ObjectStoreRestore> {

  private final ObjectStore store;
  private final RestoreOptions options;
  private final String tempDirectory;

  ObjectStoreRestore(SqlSession<?> cluster, ObjectStore store) {
    this(cluster, defaults("pg_restore"), Objects.requireNonNull(store, "store"), RestoreOptions.defaults(), "/tmp");
  }

  private ObjectStoreRestore(SqlSession<?> cluster, Config config, ObjectStore store, RestoreOptions options,
      String tempDirectory) {
    super(cluster, config);
    this.store = store;
    this.options = options;
    this.tempDirectory = tempDirectory;
  }

  @Override
  ObjectStoreRestore copy(Config config) {
    return new ObjectStoreRestore(cluster, config, store, options, tempDirectory);
  }

  /** The pg_restore options; default {@link RestoreOptions#defaults()}. */
  public ObjectStoreRestore options(RestoreOptions options) {
    return new ObjectStoreRestore(cluster, config, store, Objects.requireNonNull(options, "options"), tempDirectory);
  }

  /** Where the archive is fetched to on the server host; default {@code /tmp}. */
  public ObjectStoreRestore tempDirectory(String directory) {
    if (directory == null || directory.isEmpty()) {
      throw new InvalidInputException("a temporary directory is needed");
    }
    return new ObjectStoreRestore(cluster, config, store, options, directory);
  }

  /** Restores the object at {@code url} (relative to the base path) into {@code database}. */
  public Mono<CommandResult> restore(String database, String url) {
    return Mono.defer(() -> {
      checkDatabase(database);
      String full = fullPath(url);
      String temp = (tempDirectory.endsWith("/") ? tempDirectory : tempDirectory + "/")
          + "pgmob-restore-" + UUID.randomUUID() + ".archive";
      Mono<CommandLine> main = toolCommand(database, options.arguments(), List.of("--", temp))
          .map(restore -> store.download().apply(full).writeTo(temp).and(restore));
      return run(Target.of(database, full), main, List.of(CommandLine.of("rm", "-f", "--", temp)));
    });
  }
}
