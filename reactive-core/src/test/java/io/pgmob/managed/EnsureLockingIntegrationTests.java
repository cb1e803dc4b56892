package io.pgmob.managed;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.database.DatabaseSpec;
import io.pgmob.schema.SchemaSpec;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Every kind's ensure reads the object under pgmob's catalog lock and applies under it: concurrent
 * ensures of one object from several sessions converge (one creates, the others find it).
 */
@PgTest
class EnsureLockingIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final int SESSIONS = 6;

  @Test
  void concurrentEnsuresOfOneSchemaConverge(PgServer server) {
    List<Cluster> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> TestClusters.connect(server)).toList();
    try {
      List<EnsureResult<io.pgmob.schema.Schema>> results = Flux.fromIterable(sessions)
          .flatMap(c -> c.schemas().ensure(SchemaSpec.of("ensure_race")), SESSIONS)
          .collectList().block(BOUND);
      assertThat(results).hasSize(SESSIONS);
      assertThat(results.stream().filter(EnsureResult::created).count()).isEqualTo(1);
    } finally {
      sessions.get(0).update("DROP SCHEMA IF EXISTS ensure_race").block(BOUND);
      sessions.forEach(c -> c.close().block(BOUND));
    }
  }

  @Test
  void concurrentEnsuresOfOneDatabaseConverge(PgServer server) {
    List<Cluster> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> TestClusters.connect(server)).toList();
    try {
      List<EnsureResult<io.pgmob.database.Database>> results = Flux.fromIterable(sessions)
          .flatMap(c -> c.databases().ensure(DatabaseSpec.of("ensure_race_db")), SESSIONS)
          .collectList().block(BOUND);
      assertThat(results).hasSize(SESSIONS);
      assertThat(results.stream().filter(EnsureResult::created).count()).isEqualTo(1);
    } finally {
      sessions.get(0).update("DROP DATABASE IF EXISTS ensure_race_db").block(BOUND);
      sessions.forEach(c -> c.close().block(BOUND));
    }
  }
}
