package io.pgmob.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.examples.LocalClusters;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Servers;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Runs the pipelines of the library guide against real servers and one cluster that is down. */
@PgTest
class FleetPipelinesIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(90);

  /** The servers as targets pg-01, pg-02 (env=demo, region eu / us), then pg-down on a closed port. */
  private static Inventory withOneDown(List<PgServer> servers) throws IOException {
    List<Target> targets = new ArrayList<>(LocalClusters.inventory(servers).targets());
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    targets.add(Target.of("pg-down", targets.get(0).spec().toBuilder().port(closed).build(),
        Map.of("env", "demo", "region", "eu")));
    return Inventory.of(targets);
  }

  @Test
  void aSlowWriterGetsOneLinePerClusterAndOnlyTheReachableOnesAreCounted(@Servers(count = 2) List<PgServer> servers)
      throws IOException {
    Fleet fleet = FleetPipelines.limited(withOneDown(servers));
    List<String> lines = new CopyOnWriteArrayList<>();
    StepVerifier.create(FleetPipelines.writeSizes(fleet, "env=demo", line -> {
          try {
            Thread.sleep(50);   // a slow writer
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          lines.add(line);
        }))
        .expectNext(2L)
        .expectComplete()
        .verify(WAIT);
    assertThat(lines).hasSize(3);
    assertThat(lines).filteredOn(l -> l.startsWith("pg-down\tfailed: ")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.matches("pg-0[12]\t\\d+ bytes")).hasSize(2);
  }

  @Test
  void sizesAreSummedPerLabelValueOverTheClustersThatAnswered(@Servers(count = 2) List<PgServer> servers)
      throws IOException {
    Fleet fleet = Fleet.create(withOneDown(servers));
    Map<String, Long> byRegion = FleetPipelines.sizeByLabel(fleet, "env=demo", "region").block(WAIT);
    assertThat(byRegion).containsOnlyKeys("eu", "us");
    long eu = size(servers.get(0));
    long us = size(servers.get(1));
    assertThat(byRegion.get("eu")).isEqualTo(eu);   // pg-down, also eu, adds nothing
    assertThat(byRegion.get("us")).isEqualTo(us);
  }

  @Test
  void anExpectedErrorIsHandledOnItsClusterAndOtherFailuresAreReportedNotThrown(
      @Servers(count = 2) List<PgServer> servers) throws IOException {
    String role = "plain_" + Long.toHexString(System.nanoTime());
    Cluster admin = Cluster.connect(LocalClusters.spec(servers.get(1), servers.get(1).database())).block(WAIT);
    try {
      admin.executeScript("CREATE ROLE " + role + " NOLOGIN").block(WAIT);
    } finally {
      admin.close().block(WAIT);
    }
    List<Target> targets = new ArrayList<>(withOneDown(servers).targets());
    // pg-02 works as a role that may not read data_directory
    targets.set(1, Target.of("pg-02", targets.get(1).spec().toBuilder().become(role).build(), targets.get(1).labels()));
    Fleet fleet = Fleet.create(Inventory.of(targets));
    Map<String, String> found = new ConcurrentHashMap<>();

    FleetReport report = FleetPipelines.dataDirectories(fleet, "env=demo", found).block(WAIT);

    assertThat(report.total()).isEqualTo(3);
    assertThat(report.count(Outcome.SUCCEEDED)).isEqualTo(2);
    assertThat(found.get("pg-01")).startsWith("/");
    assertThat(found.get("pg-02")).isEqualTo("(hidden)");
    assertThat(report.failures()).hasSize(1);
    assertThat(report.failures().get(0).clusters()).containsExactly("pg-down");
    assertThat(report.failures().get(0).message()).contains("connection refused");
  }

  private static long size(PgServer server) {
    Cluster c = Cluster.connect(LocalClusters.spec(server, server.database())).block(WAIT);
    try {
      return c.scalar("SELECT pg_database_size(current_database())", Long.class).block(WAIT);
    } finally {
      c.close().block(WAIT);
    }
  }
}
