package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.role.Role;
import reactor.core.publisher.Mono;

/** Clones a role from its script: same attributes, settings, comment and memberships. */
public final class CloneRole {

  private CloneRole() {}

  /** Creates role {@code clone} like {@code source}; returns the new role. */
  // snippet: clone-role
  public static Mono<Role> run(Cluster cluster, String source, String clone) {
    return cluster.roles().get(source)
        .flatMap(role -> role.script(clone))   // the DDL that recreates it, under the new name
        .flatMap(cluster::executeScript)
        .then(cluster.roles().refresh())
        .then(cluster.roles().get(clone));
  }
  // end snippet

  /** Starts a cluster, creates {@code somerole}, clones it as {@code newrole}, prints its script. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = local.connect().block();
      try {
        cluster.executeScript("CREATE ROLE somerole LOGIN CONNECTION LIMIT 5; ALTER ROLE somerole SET work_mem = '8MB'")
            .block();
        System.out.print(run(cluster, "somerole", "newrole").flatMap(Role::script).block());
      } finally {
        cluster.close().block();
      }
    }
  }
}
