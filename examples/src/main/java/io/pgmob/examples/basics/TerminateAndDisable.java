package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.TerminateFilter;
import io.pgmob.database.Database;
import io.pgmob.examples.LocalClusters;
import java.util.List;
import reactor.core.publisher.Mono;

/** Terminates one application's sessions on a database, then disables another database. */
public final class TerminateAndDisable {

  /**
   * What was done.
   *
   * @param terminated the pids of the terminated sessions
   * @param disabled the disabled database as it is now
   */
  public record Result(List<Integer> terminated, Database disabled) {}

  private TerminateAndDisable() {}

  /** Terminates {@code application}'s sessions on {@code database} and disables {@code toDisable}. */
  // snippet: terminate-and-disable
  public static Mono<Result> run(Cluster cluster, String application, String database, String toDisable) {
    TerminateFilter sessions = TerminateFilter.builder().databases(database).applications(application).build();
    return cluster.terminate(sessions)
        .flatMap(pids -> cluster.databases().get(toDisable)
            .flatMap(Database::disable)   // ALTER DATABASE ... ALLOW_CONNECTIONS false
            .map(disabled -> new Result(pids, disabled)));
  }
  // end snippet

  /** Starts a cluster, opens a "myapp" session on {@code db1}, runs the example, prints the result. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = local.connect().block();
      try {
        cluster.databases().create("db1").then(cluster.databases().create("db2")).block();
        Cluster app = Cluster.connect(local.spec().toBuilder().database("db1").applicationName("myapp").build()).block();
        System.out.println(run(cluster, "myapp", "db1", "db2").block());
        app.close().onErrorResume(e -> Mono.empty()).block();
      } finally {
        cluster.close().block();
      }
    }
  }
}
