package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.TerminateFilter;
import io.pgmob.database.Database;
import io.pgmob.examples.LocalClusters;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSpec;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Controls access: terminates the sessions an application's role has on one database, then
 * disables another database (no new connections).
 */
public final class TerminateAndDisable {

  /**
   * What was done.
   *
   * @param terminated the pids of the terminated sessions
   * @param disabled the disabled database as it is now
   */
  public record Result(List<Integer> terminated, Database disabled) {}

  private TerminateAndDisable() {}

  /** Terminates the sessions of role {@code appRole} on {@code database} and disables {@code toDisable}. */
  // snippet: terminate-and-disable
  public static Mono<Result> run(Cluster cluster, String appRole, String database, String toDisable) {
    TerminateFilter sessions = TerminateFilter.builder().databases(database).roles(appRole).build();
    return cluster.terminate(sessions)
        .flatMap(pids -> cluster.databases().get(toDisable)
            .flatMap(Database::disable)   // ALTER DATABASE ... ALLOW_CONNECTIONS false
            .map(disabled -> new Result(pids, disabled)));
  }
  // end snippet

  /** Starts a cluster, opens a session of role {@code someapp} on {@code somedb}, runs the example, prints the result. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = local.connect().block();
      try {
        cluster.roles().create(RoleSpec.named("someapp").login(true).password(Password.plain("app secret")))
            .then(cluster.databases().create("somedb"))
            .then(cluster.databases().create("someotherdb")).block();
        Cluster app = Cluster.connect(local.spec().withDatabase("somedb").withUser("someapp", "app secret")).block();
        System.out.println(run(cluster, "someapp", "somedb", "someotherdb").block());
        app.close().onErrorResume(e -> Mono.empty()).block();
      } finally {
        cluster.close().block();
      }
    }
  }
}
