package io.pgmob;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import io.pgmob.session.SslMode;
import io.pgmob.session.ConnectionSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@PgTest
class ClusterIntegrationTests {

  @PgMatrix
  void connectReadsVersionDatabaseAndUser(PgServer server, Cluster cluster) {
    assertThat(cluster.version().major()).isEqualTo(server.majorVersion());
    assertThat(cluster.version().text()).startsWith("PostgreSQL " + server.majorVersion());
    assertThat(cluster.currentDatabase()).isEqualTo("postgres");
    assertThat(cluster.currentUser()).isEqualTo("postgres");
    assertThat(cluster.isSuperuser()).isTrue();
    assertThat(cluster.backendPid()).isPositive();
  }

  @Test
  void executeBindsParametersAndStreamsRows(Cluster cluster) {
    StepVerifier.create(cluster.execute("SELECT g AS n, $1::text AS label FROM generate_series(1, $2::int) g", "x", 3)
            .map(r -> r.getInt("n") + r.getString("label")))
        .expectNext("1x", "2x", "3x")
        .verifyComplete();
    assertThat(cluster.scalar("SELECT $1::int + 1", Integer.class, 41).block(TIMEOUT)).isEqualTo(42);
    assertThat(cluster.scalar("SELECT NULL::text", String.class).block(TIMEOUT)).isNull();
    assertThat(cluster.query("SELECT $1::text IS NULL AS isnull", r -> r.getBoolean("isnull"), (Object) null)
        .blockFirst(TIMEOUT)).isTrue();
    assertThat(cluster.list("SELECT 1 AS a UNION ALL SELECT 2").block(TIMEOUT)).hasSize(2);
  }

  @Test
  void executeStatementRunsOneStatementAndTheServerRefusesSeveralBeforeAnyRuns(Cluster cluster) {
    StepVerifier.create(cluster.executeStatement("SELECT g AS n FROM generate_series(1, 3) g").map(r -> r.getInt("n")))
        .expectNext(1, 2, 3)
        .verifyComplete();
    StepVerifier.create(cluster.executeStatement("SELECT $1::int + 1 AS n", 41).map(r -> r.getInt("n")))
        .expectNext(42)
        .verifyComplete();
    StepVerifier.create(cluster.executeStatement("CREATE TABLE one_stmt_t (i int); SELECT 1"))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ServerErrorException.class)
            .satisfies(x -> assertThat(((ServerErrorException) x).sqlState()).isEqualTo("42601")))
        .verify(Duration.ofSeconds(60));
    assertThat(cluster.scalar("SELECT to_regclass('one_stmt_t') IS NULL", Boolean.class).block(Duration.ofSeconds(60)))
        .as("nothing of the refused text ran").isTrue();
  }

  @Test
  void scriptRunsSeveralStatementsInOneCall(Cluster cluster) {
    cluster.executeScript("CREATE TABLE script_t (i int); INSERT INTO script_t VALUES (1), (2); "
        + "CREATE VIEW script_v AS SELECT sum(i) AS s FROM script_t;").block(TIMEOUT);
    assertThat(cluster.scalar("SELECT s FROM script_v", Long.class).block(TIMEOUT)).isEqualTo(3L);
    cluster.executeScript("DROP VIEW script_v; DROP TABLE script_t").block(TIMEOUT);
  }

  @Test
  void scriptFailuresArePgmobErrors(Cluster cluster) {
    assertThatThrownBy(() -> cluster.executeScript("SELECT 1; CREATE DATABASE script_db_in_tx; SELECT 2").block(TIMEOUT))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("25001")
        .hasMessageContaining("CREATE DATABASE");
    assertThatThrownBy(() -> cluster.executeScript("SELEKT 1").block(TIMEOUT))
        .isInstanceOf(ServerErrorException.class).hasMessageContaining("42601");
  }

  @Test
  void transactionCommitsOnSuccessAndRollsBackOnError(Cluster cluster) {
    cluster.update("CREATE TABLE tx_t (i int)").block(TIMEOUT);
    try {
      cluster.inTransaction(tx -> tx.update("INSERT INTO tx_t VALUES (1)")).blockLast(TIMEOUT);
      assertThatThrownBy(() -> cluster.inTransaction(tx -> tx.update("INSERT INTO tx_t VALUES (2)")
              .then(tx.update("INSERT INTO no_such_table VALUES (3)"))).blockLast(TIMEOUT))
          .isInstanceOf(ServerErrorException.class)
          .satisfies(e -> assertThat(((ServerErrorException) e).sqlState()).isEqualTo("42P01"))
          .hasMessageContaining("no_such_table");
      assertThat(cluster.scalar("SELECT string_agg(i::text, ',') FROM tx_t", String.class).block(TIMEOUT)).isEqualTo("1");
    } finally {
      cluster.update("DROP TABLE tx_t").block(TIMEOUT);
    }
  }

  @Test
  void concurrentCallersWaitForATransaction(Cluster cluster) {
    cluster.update("CREATE TABLE tx_c (i int)").block(TIMEOUT);
    try {
      Mono<Long> tx = cluster.inTransaction(t -> t.update("INSERT INTO tx_c VALUES (1)")
          .then(Mono.delay(Duration.ofMillis(300)))
          .then(t.update("INSERT INTO tx_c VALUES (2)"))).next();
      // this count is queued behind the transaction, so it sees both rows
      Mono<Long> count = Mono.delay(Duration.ofMillis(50))
          .then(cluster.scalar("SELECT count(*) FROM tx_c", Long.class));
      List<Long> results = Flux.merge(tx.map(x -> -1L), count).collectList().block(TIMEOUT);
      assertThat(results).contains(2L);
    } finally {
      cluster.update("DROP TABLE tx_c").block(TIMEOUT);
    }
  }

  @Test
  void cancellingASubscriptionCancelsTheStatementOnTheServer(PgServer server, Cluster cluster) {
    Cluster other = TestClusters.connect(server);
    try {
      Disposable d = other.execute("SELECT pg_sleep(30)").subscribe(r -> {}, e -> {});
      Integer pid = other.backendPid();
      awaitState(cluster, pid, "active");
      d.dispose();
      awaitState(cluster, pid, "idle");
      // the session is still usable afterwards
      assertThat(other.scalar("SELECT 7", Integer.class).block(Duration.ofSeconds(10))).isEqualTo(7);
    } finally {
      other.close().block(TIMEOUT);
    }
  }

  private static void awaitState(Cluster cluster, int pid, String state) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String s = cluster.scalar("SELECT state FROM pg_stat_activity WHERE pid = $1", String.class, pid).block(TIMEOUT);
      if (state.equals(s)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("backend " + pid + " did not become " + state);
  }

  @Test
  void terminateEndsSelectedSessionsButNeverOurOwn(PgServer server, Cluster cluster) {
    ConnectionSpec app = TestClusters.spec(server).toBuilder().applicationName("victim-app").build();
    Cluster v1 = Cluster.connect(app).block(TIMEOUT);
    Cluster v2 = Cluster.connect(app).block(TIMEOUT);
    Cluster bystander = TestClusters.connect(server);
    try {
      List<Integer> pids = cluster.terminate(TerminateFilter.builder().applications("victim-app")
          .excludePids(v2.backendPid()).build()).block(TIMEOUT);
      assertThat(pids).containsExactly(v1.backendPid());
      assertThat(cluster.terminate(TerminateFilter.builder().pids(cluster.backendPid()).build()).block(TIMEOUT)).isEmpty();
      assertThat(bystander.scalar("SELECT 1", Integer.class).block(TIMEOUT)).isEqualTo(1);
      assertThat(v2.scalar("SELECT 1", Integer.class).block(TIMEOUT)).isEqualTo(1);
      assertThatThrownBy(() -> v1.scalar("SELECT 1", Integer.class).block(TIMEOUT))
          .isInstanceOf(io.pgmob.error.ConnectionException.class);
      assertThatThrownBy(() -> cluster.terminate(TerminateFilter.builder().build()).block(TIMEOUT))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("selects no sessions");
    } finally {
      v1.close().block(TIMEOUT);
      v2.close().block(TIMEOUT);
      bystander.close().block(TIMEOUT);
    }
  }

  @Test
  void reloadAndRefresh(Cluster cluster) {
    assertThat(cluster.reload().block(TIMEOUT)).isTrue();
    int pid = cluster.backendPid();
    cluster.refresh().block(TIMEOUT);
    assertThat(cluster.backendPid()).isEqualTo(pid);
    assertThat(cluster.version().major()).isGreaterThanOrEqualTo(13);
  }

  @Test
  void becomeSetsTheRoleAfterConnecting(PgServer server, Cluster cluster) {
    cluster.update(Sql.format("CREATE ROLE {}", Identifier.of("become me"))).block(TIMEOUT);
    try {
      Cluster as = Cluster.connect(TestClusters.spec(server).toBuilder().become("become me").build()).block(TIMEOUT);
      try {
        assertThat(as.currentUser()).isEqualTo("become me");
        assertThat(as.sessionUser()).isEqualTo("postgres");
        assertThat(as.isSuperuser()).isFalse();
      } finally {
        as.close().block(TIMEOUT);
      }
    } finally {
      cluster.update(Sql.format("DROP ROLE {}", Identifier.of("become me"))).block(TIMEOUT);
    }
  }

  @Test
  void serverErrorsCarrySqlStateClusterAndStatement(Cluster cluster) {
    assertThatThrownBy(() -> cluster.execute("SELEKT 1").blockLast(TIMEOUT))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("42601")
        .hasMessageContaining(cluster.name())
        .hasMessageContaining("SELEKT 1");
  }

  @Test
  void passwordsNeverAppearInErrorsOrToString(PgServer server, Cluster cluster) {
    assertThat(cluster.spec().toString()).doesNotContain(server.password()).contains("password=***");
    assertThatThrownBy(() -> cluster.update("ALTER ROLE no_such_role PASSWORD 'hunter2'").block(TIMEOUT))
        .isInstanceOf(ServerErrorException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").contains("PASSWORD '***'"));
    assertThatThrownBy(() -> cluster.update(Sql.format("ALTER ROLE no_such_role PASSWORD {}",
            io.pgmob.sql.Literal.secret("hunter3"))).block(TIMEOUT))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter3"));
  }

  @Test
  void statementTimeoutFromTheSpecStopsLongStatements(PgServer server) {
    ConnectionSpec spec = TestClusters.spec(server).toBuilder().statementTimeout(Duration.ofMillis(200)).build();
    Cluster c = Cluster.connect(spec).block(TIMEOUT);
    try {
      assertThatThrownBy(() -> c.execute("SELECT pg_sleep(5)").blockLast(Duration.ofSeconds(10)))
          .isInstanceOf(ServerErrorException.class)
          .satisfies(e -> assertThat(((ServerErrorException) e).sqlState()).isEqualTo("57014"));
    } finally {
      c.close().block(TIMEOUT);
    }
  }

  @Test
  void passwordSupplierIsAskedOnEveryConnect(PgServer server) {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    ConnectionSpec spec = TestClusters.spec(server).toBuilder().passwordSupplier(() -> {
      asked.incrementAndGet();
      return server.password();
    }).build();
    for (int i = 0; i < 2; i++) {
      Cluster c = Cluster.connect(spec).block(TIMEOUT);
      c.close().block(TIMEOUT);
    }
    assertThat(asked.get()).isEqualTo(2);
    assertThat(spec.toString()).doesNotContain(server.password());
  }

  @Test
  void connectionSpecParsesUrisAndRedactsThem() {
    ConnectionSpec spec = ConnectionSpec.fromUri("postgresql://app%40x:p%40ss@db.example:6432/my%20db?sslmode=require&application_name=ops");
    assertThat(spec.user()).isEqualTo("app@x");
    assertThat(spec.host()).isEqualTo("db.example");
    assertThat(spec.port()).isEqualTo(6432);
    assertThat(spec.database()).isEqualTo("my db");
    assertThat(spec.sslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(spec.applicationName()).isEqualTo("ops");
    assertThat(spec.toString()).doesNotContain("p@ss");
    assertThatThrownBy(() -> ConnectionSpec.fromUri("mysql://u:secretpw@h/db"))
        .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("secretpw");
  }

  @Test
  void closedClusterRefusesStatements(PgServer server) {
    Cluster c = TestClusters.connect(server);
    c.close().block(TIMEOUT);
    assertThat(c.isClosed()).isTrue();
    assertThatThrownBy(() -> c.execute("SELECT 1").blockLast(TIMEOUT)).hasMessageContaining("closed");
  }
}
