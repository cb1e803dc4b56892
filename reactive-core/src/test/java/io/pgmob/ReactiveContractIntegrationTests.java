package io.pgmob;

import io.pgmob.testsupport.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.error.ServerErrorException;
import io.pgmob.role.RoleSpec;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The reactive contract of {@link Cluster}, stated with StepVerifier against a real server:
 * nothing happens before subscription, rows and queued statements keep their order, demand
 * bounds what is delivered, errors are pgmob exceptions, and cancelling stops the statement on the
 * server. What happened is always checked from a second session.
 */
@PgTest
class ReactiveContractIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A session with its own application name, so the observer can find its backend. */
  private static Cluster subject(PgServer server, String applicationName) {
    return Cluster.connect(TestClusters.spec(server).toBuilder().applicationName(applicationName).build())
        .block(WAIT);
  }

  private static long count(Cluster observer, String sql, Object... params) {
    return observer.scalar(sql, Long.class, params).block(WAIT);
  }

  /** Whether backend {@code pid} is running a statement whose text starts with {@code prefix}. */
  private static boolean running(Cluster observer, int pid, String prefix) {
    return count(observer, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'"
        + " AND query LIKE $2", pid, prefix + "%") > 0;
  }

  // ---- laziness

  @Test
  void executeUpdateScriptAndTransactionDoNothingBeforeSubscription(PgServer server, Cluster observer) {
    observer.update("CREATE TABLE lazy_t (i int)").block(WAIT);
    Cluster c = TestClusters.connect(server);
    try {
      AtomicBoolean workCalled = new AtomicBoolean();
      Flux<Integer> execute = c.execute("INSERT INTO lazy_t VALUES (1) RETURNING i").map(r -> r.getInt("i"));
      Mono<Long> update = c.update("INSERT INTO lazy_t VALUES (2)");
      Mono<Void> script = c.executeScript("INSERT INTO lazy_t VALUES (3); INSERT INTO lazy_t VALUES (4)");
      Flux<Long> tx = c.inTransaction(t -> {
        workCalled.set(true);
        return t.update("INSERT INTO lazy_t VALUES (5)");
      });
      // a round trip on the same session after building all four: had any been sent, it ran before this
      StepVerifier.create(c.scalar("SELECT 1", Integer.class)).expectNext(1).expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM lazy_t")).isZero();
      assertThat(workCalled).isFalse();

      StepVerifier.create(execute).expectNext(1).expectComplete().verify(WAIT);
      StepVerifier.create(update).expectNext(1L).expectComplete().verify(WAIT);
      StepVerifier.create(script).expectComplete().verify(WAIT);
      StepVerifier.create(tx).expectNext(1L).expectComplete().verify(WAIT);
      assertThat(workCalled).isTrue();
      assertThat(observer.scalar("SELECT string_agg(i::text, ',' ORDER BY i) FROM lazy_t", String.class).block(WAIT))
          .isEqualTo("1,2,3,4,5");

      // and each subscription is a new execution
      StepVerifier.create(update).expectNext(1L).expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM lazy_t WHERE i = 2")).isEqualTo(2L);
    } finally {
      c.close().block(WAIT);
      observer.update("DROP TABLE lazy_t").block(WAIT);
    }
  }

  @Test
  void ensureAndDropOfAManagedObjectDoNothingBeforeSubscription(PgServer server, Cluster observer) {
    String name = "reactive_lazy_role";
    observer.update("DROP ROLE IF EXISTS " + name).block(WAIT);
    Cluster c = TestClusters.connect(server);
    try {
      var ensure = c.roles().ensure(RoleSpec.named(name));
      StepVerifier.create(c.scalar("SELECT 1", Integer.class)).expectNext(1).expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM pg_roles WHERE rolname = $1", name)).isZero();

      StepVerifier.create(ensure)
          .assertNext(r -> {
            assertThat(r.changed()).isTrue();
            assertThat(r.object().name()).isEqualTo(name);
          })
          .expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM pg_roles WHERE rolname = $1", name)).isEqualTo(1L);

      Mono<Void> drop = c.roles().drop(name);
      StepVerifier.create(c.scalar("SELECT 1", Integer.class)).expectNext(1).expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM pg_roles WHERE rolname = $1", name)).isEqualTo(1L);

      StepVerifier.create(drop).expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM pg_roles WHERE rolname = $1", name)).isZero();
    } finally {
      c.close().block(WAIT);
      observer.update("DROP ROLE IF EXISTS " + name).block(WAIT);
    }
  }

  // ---- order

  @Test
  void rowsArriveInTheQueryOrder(Cluster cluster) {
    StepVerifier.create(cluster.execute("SELECT g FROM generate_series(1, 5) g ORDER BY g DESC").map(r -> r.getInt("g")))
        .expectNext(5, 4, 3, 2, 1)
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(cluster.execute("SELECT v FROM (VALUES ('b'), ('c'), ('a')) t(v) ORDER BY v")
            .map(r -> r.getString("v")))
        .expectNext("a", "b", "c")
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void statementsQueuedOnOneSessionRunInSubscriptionOrder(PgServer server, Cluster observer) {
    observer.update("CREATE TABLE order_t (seq bigserial, v int)").block(WAIT);
    Cluster c = TestClusters.connect(server);
    try {
      // the first statement holds the session for a while, so the others are queued while it runs
      List<Mono<Long>> statements = new ArrayList<>();
      statements.add(c.update("INSERT INTO order_t (v) SELECT 0 FROM pg_sleep(0.3)"));
      for (int i = 1; i <= 20; i++) {
        statements.add(c.update("INSERT INTO order_t (v) VALUES ($1)", i));
      }
      // merge subscribes to each in list order without waiting for the previous one
      StepVerifier.create(Flux.merge(statements)).expectNextCount(21).expectComplete().verify(WAIT);
      List<Integer> order = observer.query("SELECT v FROM order_t ORDER BY seq", r -> r.getInt("v"))
          .collectList().block(WAIT);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i <= 20; i++) {
        expected.add(i);
      }
      assertThat(order).isEqualTo(expected);
    } finally {
      c.close().block(WAIT);
      observer.update("DROP TABLE order_t").block(WAIT);
    }
  }

  // ---- backpressure

  @Test
  void executeDeliversNoMoreRowsThanRequestedAndTheSessionStaysUsable(PgServer server, Cluster observer) {
    Cluster c = subject(server, "reactive-backpressure");
    try {
      int pid = c.backendPid();
      // 100 million rows, produced lazily by a nested loop (a single generate_series would be
      // materialized first)
      String sql = "SELECT a * 100000 + b AS n FROM generate_series(0, 999) a, generate_series(1, 100000) b";
      // StepVerifier fails on its own if more rows arrive than were requested
      StepVerifier.create(c.execute(sql).map(r -> r.getLong("n")), 0)
          .expectSubscription()
          .expectNoEvent(Duration.ofMillis(200))
          .thenRequest(10)
          .expectNextCount(10)
          .thenRequest(5)
          .expectNextCount(5)
          .thenCancel()
          .verify(WAIT);
      // the statement does not keep running (or streaming) on the server
      Await.until("the cancelled statement leaves the server", WAIT,
          () -> !running(observer, pid, "SELECT a * 100000"));
      StepVerifier.create(c.scalar("SELECT 7", Integer.class)).expectNext(7).expectComplete().verify(WAIT);
      StepVerifier.create(c.execute("SELECT g FROM generate_series(1, 3) g").map(r -> r.getInt("g")))
          .expectNext(1, 2, 3).expectComplete().verify(WAIT);
    } finally {
      c.close().block(WAIT);
    }
  }

  // ---- errors

  @Test
  void failingStatementsSignalServerErrorsWithTheirSqlState(Cluster cluster) {
    StepVerifier.create(cluster.execute("SELEKT 1"))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(ServerErrorException.class).hasMessageContaining("SELEKT 1");
          assertThat(((ServerErrorException) e).sqlState()).isEqualTo("42601");
        })
        .verify(WAIT);
    StepVerifier.create(cluster.update("INSERT INTO no_such_table_rx VALUES (1)"))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(ServerErrorException.class).hasMessageContaining("no_such_table_rx");
          assertThat(((ServerErrorException) e).sqlState()).isEqualTo("42P01");
        })
        .verify(WAIT);
    StepVerifier.create(cluster.executeScript("SELECT 1; SELECT 1/0"))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(ServerErrorException.class);
          assertThat(((ServerErrorException) e).sqlState()).isEqualTo("22012");
        })
        .verify(WAIT);
    // rows before the failure are delivered, then the error
    StepVerifier.create(cluster.execute("SELECT 10 / (2 - g) AS q FROM generate_series(1, 2) g").map(r -> r.getInt("q")))
        .thenConsumeWhile(q -> q == 10)
        .expectErrorSatisfies(e -> assertThat(((ServerErrorException) e).sqlState()).isEqualTo("22012"))
        .verify(WAIT);
    // the session is usable after each failure
    StepVerifier.create(cluster.scalar("SELECT 1", Integer.class)).expectNext(1).expectComplete().verify(WAIT);
  }

  @Test
  void creatingAnExistingRoleSignalsAServerError(Cluster cluster) {
    String name = "reactive_existing_role";
    cluster.update("DROP ROLE IF EXISTS " + name).block(WAIT);
    cluster.update("CREATE ROLE " + name).block(WAIT);
    try {
      StepVerifier.create(cluster.roles().create(RoleSpec.named(name)))
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ServerErrorException.class)
              .hasMessageContaining(name).hasMessageContaining("already exists"))
          .verify(WAIT);
    } finally {
      cluster.update("DROP ROLE IF EXISTS " + name).block(WAIT);
    }
  }

  @Test
  void transactionWorkThatErrorsRollsBack(PgServer server, Cluster observer) {
    observer.update("CREATE TABLE rollback_t (i int)").block(WAIT);
    Cluster c = TestClusters.connect(server);
    try {
      // a failing statement
      StepVerifier.create(c.inTransaction(tx -> tx.update("INSERT INTO rollback_t VALUES (1)")
              .then(tx.update("INSERT INTO rollback_t VALUES ('not a number')"))))
          .expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(ServerErrorException.class);
            assertThat(((ServerErrorException) e).sqlState()).isEqualTo("22P02");
          })
          .verify(WAIT);
      // an error of the caller's own, after a statement that succeeded: the same error, and a rollback
      IllegalStateException mine = new IllegalStateException("the caller's own failure");
      StepVerifier.create(c.inTransaction(tx -> tx.update("INSERT INTO rollback_t VALUES (2)")
              .then(Mono.<Long>error(mine))))
          .expectErrorSatisfies(e -> assertThat(e).isSameAs(mine))
          .verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM rollback_t")).isZero();
      // nothing is left open on the session: the next statement is not in a transaction
      StepVerifier.create(c.update("INSERT INTO rollback_t VALUES (3)")).expectNext(1L).expectComplete().verify(WAIT);
      assertThat(count(observer, "SELECT count(*) FROM rollback_t")).isEqualTo(1L);
    } finally {
      c.close().block(WAIT);
      observer.update("DROP TABLE rollback_t").block(WAIT);
    }
  }

  // ---- cancellation
  // The statements sleep far longer than the wait bound, so one that ends by itself cannot pass
  // for one that was cancelled.

  /** Ends what a failed test may have left sleeping on the server. */
  private static void terminate(Cluster observer, String applicationName) {
    observer.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
        applicationName).then().block(WAIT);
  }

  @Test
  void cancellingASubscriptionStopsTheStatementOnTheServer(PgServer server, Cluster observer) {
    Cluster c = subject(server, "reactive-cancel");
    try {
      int pid = c.backendPid();
      StepVerifier.create(c.execute("SELECT pg_sleep(600)"))
          .expectSubscription()
          .then(() -> Await.until("pg_sleep starts", WAIT, () -> running(observer, pid, "SELECT pg_sleep(600)")))
          .thenCancel()
          .verify(WAIT);
      Await.until("pg_sleep is cancelled on the server", WAIT, () -> !running(observer, pid, "SELECT pg_sleep(600)"));
      // the session survived the cancel
      assertThat(count(observer, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)).isEqualTo(1L);
      StepVerifier.create(c.scalar("SELECT 7", Integer.class)).expectNext(7).expectComplete().verify(WAIT);
    } finally {
      c.close().block(WAIT);
      terminate(observer, "reactive-cancel");
    }
  }

  @Test
  void cancellingATransactionStopsItsStatementAndRollsBack(PgServer server, Cluster observer) {
    observer.update("CREATE TABLE cancel_tx_t (i int)").block(WAIT);
    Cluster c = subject(server, "reactive-cancel-tx");
    try {
      int pid = c.backendPid();
      StepVerifier.create(c.inTransaction(tx -> tx.update("INSERT INTO cancel_tx_t VALUES (1)")
              .then(tx.execute("SELECT pg_sleep(600)").then())))
          .expectSubscription()
          .then(() -> Await.until("pg_sleep starts", WAIT, () -> running(observer, pid, "SELECT pg_sleep(600)")))
          .thenCancel()
          .verify(WAIT);
      Await.until("pg_sleep is cancelled on the server", WAIT, () -> !running(observer, pid, "SELECT pg_sleep(600)"));
      // the next statement on the session runs outside the abandoned transaction, which was rolled back
      StepVerifier.create(c.scalar("SELECT count(*) FROM cancel_tx_t", Long.class)).expectNext(0L)
          .expectComplete().verify(WAIT);
      StepVerifier.create(c.update("INSERT INTO cancel_tx_t VALUES (2)")).expectNext(1L).expectComplete().verify(WAIT);
      assertThat(observer.scalar("SELECT string_agg(i::text, ',') FROM cancel_tx_t", String.class).block(WAIT))
          .isEqualTo("2");
    } finally {
      c.close().block(WAIT);
      terminate(observer, "reactive-cancel-tx");
      observer.update("DROP TABLE cancel_tx_t").block(WAIT);
    }
  }
}
