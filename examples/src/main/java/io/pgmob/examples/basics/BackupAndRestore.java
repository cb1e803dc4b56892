package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.backup.BackupOptions;
import io.pgmob.database.Database;
import io.pgmob.examples.LocalClusters;
import io.pgmob.os.CommandResult;
import io.pgmob.testkit.ServerSpec;
import reactor.core.publisher.Mono;

/**
 * Backs up a database's schema only (no data) with {@code pg_dump}, creates a new database and
 * restores into it with {@code pg_restore}. The tools run on the server's host as its OS user;
 * their major version must be the server's or newer.
 */
public final class BackupAndRestore {

  private BackupAndRestore() {}

  /** Dumps {@code database}'s schema to {@code directory} on the server host and restores it into new {@code copy}. */
  // snippet: backup-and-restore
  public static Mono<Database> run(Cluster cluster, String database, String copy, String directory) {
    Mono<CommandResult> backup = cluster.backups().toFile().basePath(directory)
        .options(BackupOptions.builder().schemaOnly(true).build())
        .backup(database, "schema.dump");
    return backup
        .then(cluster.databases().create(copy))
        .flatMap(db -> cluster.backups().fromFile().basePath(directory)
            .restore(copy, "schema.dump")
            .thenReturn(db));
  }
  // end snippet

  /** Starts a PostgreSQL 15 cluster (this machine's pg_dump is 15), copies {@code db1}'s schema to {@code db2}. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(ServerSpec.builder().majorVersion(15).build(), 1)) {
      Cluster cluster = local.connect().block();
      try {
        cluster.executeScript("CREATE DATABASE db1").block();
        Cluster db1 = cluster.connectTo("db1").block();
        db1.executeScript("CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'x')")
            .then(db1.close()).block();
        String directory = cluster.runOsCommand("mktemp", "-d").block().output().strip();
        System.out.println("restored into " + run(cluster, "db1", "db2", directory).block());
        cluster.runOsCommand("rm", "-rf", "--", directory).block();
      } finally {
        cluster.close().block();
      }
    }
  }
}
