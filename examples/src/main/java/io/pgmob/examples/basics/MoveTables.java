package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.schema.Schema;
import io.pgmob.table.Table;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Creates a schema, moves every table of an old schema into it (owned sequences move along),
 * and drops the old schema. The drop is not cascading: it fails, leaving everything else done,
 * if anything but the moved tables remains in the old schema.
 */
public final class MoveTables {

  private MoveTables() {}

  /** Moves the tables of {@code from} to new schema {@code to} in {@code cluster}'s database; returns them. */
  // snippet: move-tables
  public static Mono<List<Table>> run(Cluster cluster, String from, String to) {
    return cluster.schemas().create(to)
        .thenMany(cluster.tables().inSchema(from))
        .concatMap(table -> table.alter().schema(to).apply())
        .collectList()
        .flatMap(moved -> cluster.schemas().get(from)
            .flatMap(old -> old.drop(false))
            .thenReturn(moved));
  }
  // end snippet

  /** Starts a cluster, creates schema {@code old} with two tables, moves them to {@code new}. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = local.connect().block();
      try {
        cluster.executeScript("CREATE SCHEMA old; CREATE TABLE old.a (id serial); CREATE TABLE old.b (x int)").block();
        run(cluster, "old", "new").block().forEach(t -> System.out.println("moved " + t.qualifiedName()));
        System.out.println("schemas now: " + cluster.schemas().all().map(Schema::name).collectList().block());
      } finally {
        cluster.close().block();
      }
    }
  }
}
