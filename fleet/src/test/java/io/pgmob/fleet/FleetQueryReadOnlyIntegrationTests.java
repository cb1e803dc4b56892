package io.pgmob.fleet;

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
import reactor.test.StepVerifier;

/** {@link Fleet#query}: it runs read-only, so it can never change a cluster, and a held session stays usable. */
@PgTest
class FleetQueryReadOnlyIntegrationTests {

  private static Fleet fleet(PgServer server, Cluster admin, String db, boolean hold) {
    admin.update("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)").block(Duration.ofSeconds(60));
    admin.update("CREATE DATABASE " + db).block(Duration.ofSeconds(60));
    Target t = Target.of(db, TestClusters.spec(server, db), Map.of());
    return Fleet.create(Inventory.of(t), FleetOptions.builder().holdSessions(hold).build());
  }

  private static FleetQueryException refused(Fleet fleet, String sql, Object... params) {
    return refused("25006", fleet, sql, params);
  }

  private static FleetQueryException refused(String sqlState, Fleet fleet, String sql, Object... params) {
    List<ClusterRow> rows = new ArrayList<>();
    Throwable[] error = new Throwable[1];
    StepVerifier.create(fleet.query(Selector.all(), sql, params))
        .recordWith(() -> rows)
        .thenConsumeWhile(r -> true)
        .expectErrorSatisfies(e -> error[0] = e)
        .verify(Duration.ofSeconds(60));
    assertThat(error[0]).isInstanceOf(FleetQueryException.class);
    FleetQueryException q = (FleetQueryException) error[0];
    assertThat(q.failures()).singleElement().satisfies(f -> {
      assertThat(f.sqlState()).as(f.message()).isEqualTo(sqlState);
      assertThat(f.attempts()).as("a refused write is not retried").isEqualTo(1);
    });
    return q;
  }

  @Test
  void aWriteSentAsAQueryFailsReadOnlyAndChangesNothing(PgServer server, Cluster admin) {
    String db = "fq_ro_write";
    Fleet fleet = fleet(server, admin, db, false);

    refused(fleet, "CREATE TABLE fq_t1 (x int)");
    assertThat(TestClusters.tableExists(server, db, "fq_t1")).isFalse();

    // several statements are refused before any runs (42601): the query is one statement
    refused("42601", fleet, "COMMIT; CREATE TABLE fq_t2 (x int)");
    assertThat(TestClusters.tableExists(server, db, "fq_t2")).isFalse();
    refused("42601", fleet, "SELECT 1; CREATE TABLE fq_t4 (x int)");
    assertThat(TestClusters.tableExists(server, db, "fq_t4")).isFalse();
    // one statement asking for read-write changes nothing
    StepVerifier.create(fleet.query(Selector.all(), "SET transaction_read_only = off")).verifyComplete();
    refused(fleet, "CREATE TABLE fq_t3 (x int)");
    assertThat(TestClusters.tableExists(server, db, "fq_t3")).isFalse();

    // with parameters (extended protocol, one statement)
    Cluster c = TestClusters.connect(server, db);
    try {
      c.update("CREATE TABLE fq_seen (x int)").block(Duration.ofSeconds(30));
    } finally {
      c.close().block(Duration.ofSeconds(30));
    }
    refused(fleet, "INSERT INTO fq_seen VALUES ($1) RETURNING x", 1);
    Cluster check = TestClusters.connect(server, db);
    try {
      assertThat(check.scalar("SELECT count(*) FROM fq_seen", Long.class).block(Duration.ofSeconds(30))).isZero();
    } finally {
      check.close().block(Duration.ofSeconds(30));
    }
  }

  @Test
  void sqlThatEndsTheReadOnlyTransactionAndAsksForReadWriteCannotWrite(PgServer server, Cluster admin) {
    String db = "fq_ro_escape";
    Fleet fleet = fleet(server, admin, db, false);
    // each ends the read-only transaction, makes the next one read-write before it takes a snapshot, then writes
    List<String> escapes = List.of(
        "COMMIT; SET transaction_read_only = off; CREATE TABLE fq_e1 (x int)",
        "ROLLBACK; SET transaction_read_only = off; CREATE TABLE fq_e2 (x int)",
        "END; SET default_transaction_read_only = off; CREATE TABLE fq_e3 (x int)",
        "ABORT; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; BEGIN; CREATE TABLE fq_e4 (x int); COMMIT",
        "COMMIT AND CHAIN; COMMIT; RESET ALL; CREATE TABLE fq_e5 (x int)");
    for (int i = 0; i < escapes.size(); i++) {
      // the query is one statement: the server refuses text holding several (42601, before any runs)
      refused("42601", fleet, escapes.get(i));
      assertThat(TestClusters.tableExists(server, db, "fq_e" + (i + 1))).as(escapes.get(i)).isFalse();
    }
  }

  @Test
  void settingsAQueryChangesDoNotOutliveItOnAHeldSession(PgServer server, Cluster admin) {
    String db = "fq_ro_settings";
    Fleet fleet = fleet(server, admin, db, true);
    try {
      StepVerifier.create(fleet.query(Selector.all(), "SET default_transaction_read_only = off")).verifyComplete();
      StepVerifier.create(fleet.query(Selector.all(), "SET search_path = nowhere")).verifyComplete();
      // a later query on the same held session is still read-only, and sees the settings it had before
      refused(fleet, "CREATE TABLE fq_s1 (x int)");
      assertThat(TestClusters.tableExists(server, db, "fq_s1")).isFalse();
      StepVerifier.create(fleet.query(Selector.all(), "SELECT current_setting('search_path') AS p").map(r -> r.row().getString("p")))
          .expectNext("\"$user\", public")
          .verifyComplete();
    } finally {
      fleet.close().block(Duration.ofSeconds(30));
    }
  }

  @Test
  void readsStillWorkWithAndWithoutParametersAndAHeldSessionIsLeftReadWrite(PgServer server, Cluster admin) {
    String db = "fq_ro_held";
    Fleet fleet = fleet(server, admin, db, true);
    try {
      StepVerifier.create(fleet.query(Selector.all(), "SELECT g AS n FROM generate_series(1, 3) g -- trailing comment")
              .map(r -> r.row().getInt("n")))
          .expectNext(1, 2, 3)
          .verifyComplete();
      StepVerifier.create(fleet.query(Selector.all(), "SELECT $1::int + 1 AS n", 41).map(r -> r.row().getInt("n")))
          .expectNext(42)
          .verifyComplete();

      refused("42601", fleet, "COMMIT; CREATE TABLE fq_held (x int)");

      // the same held session afterwards: not stuck in a transaction, and read-write again for run()
      StepVerifier.create(fleet.run(Selector.all(), cl -> cl.update("CREATE TABLE fq_after (x int)")))
          .assertNext(r -> assertThat(r.outcome()).as(String.valueOf(r.message())).isEqualTo(Outcome.SUCCEEDED))
          .verifyComplete();
      assertThat(TestClusters.tableExists(server, db, "fq_after")).isTrue();
      assertThat(TestClusters.tableExists(server, db, "fq_held")).isFalse();
    } finally {
      fleet.close().block(Duration.ofSeconds(30));
    }
  }
}
