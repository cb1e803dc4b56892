package io.pgmob.fleet;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@PgTest
class FleetBasicsIntegrationTests {

  private static void drop(Cluster admin, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      admin.update("DROP DATABASE IF EXISTS " + prefix + i + " WITH (FORCE)").block(TIMEOUT);
    }
  }

  private static List<Target> targets(PgServer server, Cluster admin, String prefix, int n) {
    List<Target> list = new ArrayList<>();
    drop(admin, prefix, n);
    for (int i = 0; i < n; i++) {
      String db = prefix + i;
      admin.update("CREATE DATABASE " + db).block(TIMEOUT);
      list.add(Target.of(db, TestClusters.spec(server, db), Map.of("env", i % 2 == 0 ? "prod" : "test", "i", "" + i)));
    }
    return list;
  }

  @Test
  void runStreamsOneResultPerSelectedClusterAndReportCounts(PgServer server, Cluster admin) {
    Fleet fleet = Fleet.create(Inventory.of(targets(server, admin, "fb_run_", 4)));
    List<ClusterResult<String>> results = fleet.run("env=prod", c -> c.scalar("SELECT current_database()", String.class))
        .collectList().block(Duration.ofSeconds(60));
    assertThat(results).extracting(ClusterResult::value).containsExactlyInAnyOrder("fb_run_0", "fb_run_2");
    assertThat(results).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.attempts()).isEqualTo(1);
    });

    FleetReport report = FleetReport.collect(fleet.run(Selector.all(), FleetOperation.sql("SELECT 1/0"))).block(TIMEOUT);
    assertThat(report.total()).isEqualTo(4);
    assertThat(report.count(Outcome.FAILED)).isEqualTo(4);
    assertThat(report.failures()).singleElement().satisfies(g -> {
      assertThat(g.sqlState()).isEqualTo("22012");
      assertThat(g.clusters()).hasSize(4);
    });
    drop(admin, "fb_run_", 4);
  }

  @Test
  void queryTagsRowsWithTheirCluster(PgServer server, Cluster admin) {
    Fleet fleet = Fleet.create(Inventory.of(targets(server, admin, "fb_q_", 3)));
    List<ClusterRow> rows = fleet.query(Selector.all(), "SELECT current_database() AS db, g FROM generate_series(1, 2) g")
        .collectList().block(Duration.ofSeconds(60));
    assertThat(rows).hasSize(6);
    assertThat(rows).allSatisfy(r -> assertThat(r.row().getString("db")).isEqualTo(r.cluster()));
    drop(admin, "fb_q_", 3);
  }

  @Test
  void aFailingClusterLeavesTheOthersRowsAndEndsTheQueryWithTheFailures(PgServer server, Cluster admin) {
    List<Target> ok = targets(server, admin, "fb_qf_", 2);
    Target missing = Target.of("missing", TestClusters.spec(server, "fb_no_such_db"), Map.of());
    Fleet fleet = Fleet.create(Inventory.of(ok).plus(List.of(missing)),
        FleetOptions.builder().retry(RetryPolicy.none()).build());
    List<ClusterRow> rows = new ArrayList<>();
    Throwable error = fleet.query(Selector.all(), "SELECT 1 AS one").doOnNext(rows::add)
        .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(Duration.ofSeconds(60));
    assertThat(rows).extracting(ClusterRow::cluster).containsExactlyInAnyOrder("fb_qf_0", "fb_qf_1");
    assertThat(error).isInstanceOf(FleetQueryException.class).hasMessageContaining("missing");
    assertThat(((FleetQueryException) error).failures()).singleElement()
        .satisfies(r -> assertThat(r.sqlState()).isEqualTo("3D000"));
    drop(admin, "fb_qf_", 2);
  }
}
