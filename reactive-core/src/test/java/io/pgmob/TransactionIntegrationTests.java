package io.pgmob;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.hba.HbaRule;
import io.pgmob.os.CommandResult;
import io.pgmob.privilege.PrivilegeTarget;
import io.pgmob.role.Role;
import io.pgmob.role.RoleSpec;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.TcpProxy;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Transactions: managed objects inside them, and nothing sent after they end. */
@PgTest
class TransactionIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(60);

  @Test
  void everyKindWorksInsideATransaction(Cluster cluster) {
    cluster.executeScript("CREATE TABLE tx_kinds_t (i int); CREATE VIEW tx_kinds_v AS SELECT 1 AS x;"
        + " CREATE SEQUENCE tx_kinds_s").block(BOUND);
    try {
      StepVerifier.create(cluster.inTransaction(tx -> Flux.concat(
                  tx.roles().get("postgres").map(Role::name),
                  tx.privileges().list(PrivilegeTarget.database("postgres")).count().map(n -> "privileges"),
                  tx.databases().get("postgres").map(d -> d.name()),
                  tx.schemas().get("public").map(s -> s.name()),
                  tx.tables().get("public", "tx_kinds_t").map(t -> t.name()),
                  tx.views().get("public", "tx_kinds_v").map(v -> v.name()),
                  tx.sequences().get("public", "tx_kinds_s").map(s -> s.name()),
                  tx.routines().all().count().map(n -> "routines"),
                  tx.largeObjects().all().count().map(n -> "large objects"),
                  tx.replicationSlots().all().count().map(n -> "slots"),
                  tx.hbaRules().all().count().map(n -> "hba"),
                  tx.settings().get("work_mem").map(s -> s.name()),
                  tx.runOsCommand("echo", "os").map(CommandResult::output).map(String::strip),
                  tx.scalar("SELECT 'still in the transaction'::text", String.class)))
              .collectList())
          .expectNext(List.of("postgres", "privileges", "postgres", "public", "tx_kinds_t", "tx_kinds_v",
              "tx_kinds_s", "routines", "large objects", "slots", "hba", "work_mem", "os",
              "still in the transaction"))
          .expectComplete()
          .verify(BOUND);
    } finally {
      cluster.executeScript("DROP VIEW tx_kinds_v; DROP TABLE tx_kinds_t; DROP SEQUENCE tx_kinds_s").block(BOUND);
    }
  }

  @Test
  void managedObjectChangesInATransactionCommitAndRollBackWithIt(Cluster cluster) {
    // the cluster's own cache is loaded first, so a stale cache would hide the change
    assertThat(cluster.roles().contains("tx_committed").block(BOUND)).isFalse();
    StepVerifier.create(cluster.inTransaction(tx -> tx.roles().ensure(RoleSpec.named("tx_committed")))
            .map(r -> r.created()))
        .expectNext(true)
        .expectComplete()
        .verify(BOUND);
    assertThat(cluster.roles().contains("tx_committed").block(BOUND)).isTrue();

    StepVerifier.create(cluster.inTransaction(tx -> tx.roles().ensure(RoleSpec.named("tx_rolled_back"))
            .then(tx.update("SELECT 1/0"))))
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("22012"))
        .verify(BOUND);
    assertThat(cluster.roles().contains("tx_rolled_back").block(BOUND)).isFalse();
    assertThat(cluster.scalar("SELECT count(*) FROM pg_roles WHERE rolname = 'tx_rolled_back'", Long.class)
        .block(BOUND)).isZero();
    cluster.roles().drop("tx_committed").block(BOUND);
  }

  @Test
  void aSnapshotReadInAFinishedTransactionUsesTheSessionLikeAnyCaller(Cluster cluster) {
    Role role = cluster.inTransaction(tx -> tx.roles().get("postgres")).next().block(BOUND);
    // and its collections are the session's, so a change through the snapshot refreshes cluster.roles()
    assertThat(io.pgmob.role.Roles.of(role.cluster())).isSameAs(cluster.roles());
    // the transaction is over: statements through the snapshot queue on the session again
    StepVerifier.create(Flux.merge(
                role.cluster().scalar("SELECT 1", Integer.class),
                cluster.inTransaction(tx -> tx.scalar("SELECT 2", Integer.class)),
                role.cluster().scalar("SELECT 3", Integer.class))
            .collectList().map(l -> l.stream().mapToInt(Integer::intValue).sum()))
        .expectNext(6)
        .expectComplete()
        .verify(BOUND);
  }

  @Test
  void takingTheFirstValueOfACommittedTransactionSendsNoRollback(PgServer server) {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      ConnectionSpec spec = TestClusters.spec(server).toBuilder().host(proxy.host()).port(proxy.port()).build();
      Cluster cluster = Cluster.connect(spec).block(BOUND);
      try {
        cluster.update("CREATE TABLE tx_first (i int)").block(BOUND);
        proxy.frontendMessages().reset();
        // next() cancels after the first value, while the transaction's result is being emitted
        assertThat(cluster.inTransaction(tx -> tx.update("INSERT INTO tx_first VALUES (1)")
            .thenMany(Flux.just(1, 2, 3))).next().block(BOUND)).isEqualTo(1);
        // a second transaction right away must not be ended early by a late ROLLBACK
        assertThat(cluster.inTransaction(tx -> tx.update("INSERT INTO tx_first VALUES (2)")
                .then(tx.scalar("SELECT count(*) FROM tx_first", Long.class))).next().block(BOUND))
            .isEqualTo(2L);
        assertThat(cluster.scalar("SELECT string_agg(i::text, ',' ORDER BY i) FROM tx_first", String.class)
            .block(BOUND)).isEqualTo("1,2");
        // BEGIN, INSERT, COMMIT; BEGIN, INSERT, SELECT, COMMIT; SELECT: no ROLLBACK
        assertThat(proxy.frontendMessages().queries()).isEqualTo(8);
      } finally {
        cluster.update("DROP TABLE IF EXISTS tx_first").then(cluster.close()).block(BOUND);
      }
    }
  }

  @Test
  void cancellingATransactionRollsItBackBeforeTheNextCallerRuns(Cluster cluster) {
    cluster.update("CREATE TABLE tx_cancel (i int)").block(BOUND);
    try {
      // the work never completes; take(Duration) cancels it
      cluster.inTransaction(tx -> tx.update("INSERT INTO tx_cancel VALUES (1)").thenMany(Flux.never()))
          .take(Duration.ofMillis(200)).blockLast(BOUND);
      assertThat(cluster.inTransaction(tx -> tx.update("INSERT INTO tx_cancel VALUES (2)")
          .then(tx.scalar("SELECT string_agg(i::text, ',') FROM tx_cancel", String.class))).next().block(BOUND))
          .isEqualTo("2");
      assertThat(cluster.scalar("SELECT string_agg(i::text, ',') FROM tx_cancel", String.class).block(BOUND))
          .isEqualTo("2");
    } finally {
      cluster.update("DROP TABLE tx_cancel").block(BOUND);
    }
  }
}
