package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.hba.HbaFile;
import io.pgmob.hba.HbaRule;
import reactor.core.publisher.Mono;

/** Adds a line to {@code pg_hba.conf} unless an equivalent one is there, and reloads. */
public final class AddHbaLine {

  private AddHbaLine() {}

  /** Makes sure {@code line} is in the cluster's hba file; returns the file as it is now. */
  // snippet: add-hba-line
  public static Mono<HbaFile> run(Cluster cluster, String line) {
    HbaRule rule = HbaRule.parse(line);   // refuses a malformed line before touching the server
    return cluster.hbaRules().contains(rule)
        .flatMap(present -> present
            ? cluster.hbaRules().read()
            : cluster.hbaRules().add(rule));   // writes, checks pg_hba_file_rules, reloads
  }
  // end snippet

  /** Starts a cluster, adds a rule twice, prints the rules. */
  public static void main(String[] args) {
    try (LocalClusters local = LocalClusters.start(1)) {
      Cluster cluster = local.connect().block();
      try {
        String line = "host all app 10.0.0.0/8 scram-sha-256";
        run(cluster, line).then(run(cluster, line)).block().rules().forEach(r -> System.out.println(r.render()));
      } finally {
        cluster.close().block();
      }
    }
  }
}
