package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Connects and runs a query with a bind parameter: the sessions of one user. */
public final class ConnectAndQuery {

  /** One row of {@code pg_stat_activity}; background workers have no database. */
  public record Session(int pid, @Nullable String database, @Nullable String application) {}

  private ConnectAndQuery() {}

  /** The sessions of {@code user} on {@code cluster}'s server. */
  // snippet: connect-and-query
  public static Mono<List<Session>> run(Cluster cluster, String user) {
    return cluster.query("""
            SELECT pid, datname, application_name FROM pg_stat_activity
            WHERE usename = $1 ORDER BY pid""",
            row -> new Session(row.getInt("pid"), row.getString("datname"), row.getString("application_name")),
            user)
        .collectList();
  }
  // end snippet

  /** Starts a cluster, connects as its superuser and prints the superuser's sessions. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = Cluster.connect(local.spec()).block();
      try {
        run(cluster, local.spec().user()).block().forEach(System.out::println);
      } finally {
        cluster.close().block();
      }
    }
  }
}
