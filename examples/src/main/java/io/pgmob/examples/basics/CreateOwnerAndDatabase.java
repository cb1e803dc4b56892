package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.database.Database;
import io.pgmob.database.DatabaseSpec;
import io.pgmob.examples.LocalClusters;
import io.pgmob.managed.EnsureResult;
import io.pgmob.password.Password;
import io.pgmob.role.RoleSpec;
import reactor.core.publisher.Mono;

/**
 * Creates a login role and gives it a database: creates the database owned by the role, or makes
 * the role the owner of the existing one. Running it again changes nothing.
 */
public final class CreateOwnerAndDatabase {

  private CreateOwnerAndDatabase() {}

  /** Ensures role {@code owner} (login, {@code password}) and database {@code database} owned by it. */
  // snippet: create-owner-and-database
  public static Mono<Database> run(Cluster cluster, String owner, Password password, String database) {
    return cluster.roles().ensure(RoleSpec.named(owner).login(true).password(password))
        .then(cluster.databases().ensure(DatabaseSpec.builder(database).owner(owner).build()))
        .map(EnsureResult::object);
  }
  // end snippet

  /** Starts a cluster, creates {@code db1owner} and {@code db1}, prints the database. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = local.connect().block();
      try {
        System.out.println(run(cluster, "db1owner", Password.plain("change me"), "db1").block());
      } finally {
        cluster.close().block();
      }
    }
  }
}
