package io.pgmob.backup;

import io.pgmob.session.SqlSession;
import java.util.Objects;

/**
 * Entry point to backups and restores of a cluster: {@code cluster.backups()}. Each method returns
 * a new operation with defaults, to configure and run.
 */
public final class Backups {

  private final SqlSession<?> cluster;

  /** The backups of {@code session}, cached per session: what {@code cluster.backups()} returns. */
  public static Backups of(SqlSession<?> session) {
    return session.state(Backups.class, Backups::new);
  }

  Backups(SqlSession<?> cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** {@return A pg_dump to a file on the server host} */
  public FileBackup toFile() {
    return new FileBackup(cluster);
  }

  /** {@return A pg_restore from a file on the server host} */
  public FileRestore fromFile() {
    return new FileRestore(cluster);
  }

  /** A pg_dump streamed into an object store command. */
  public ObjectStoreBackup toObjectStore(ObjectStore store) {
    return new ObjectStoreBackup(cluster, store);
  }

  /** A pg_restore of an archive fetched with an object store command. */
  public ObjectStoreRestore fromObjectStore(ObjectStore store) {
    return new ObjectStoreRestore(cluster, store);
  }
}
