package io.pgmob.replication;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Server;
import io.pgmob.testsupport.TestClusters;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlReplicationConnection;
import io.r2dbc.postgresql.replication.LogSequenceNumber;
import io.r2dbc.postgresql.replication.ReplicationRequest;
import io.r2dbc.postgresql.replication.ReplicationStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Logical slots need {@code wal_level=logical}, so this class has a server of its own. */
@PgTest
class LogicalReplicationSlotIntegrationTests {

  @Test
  void logicalSlotsAreCreatedListedAndDroppedEvenWhileAWalsenderStreams(
      @Server(settings = "wal_level=logical", isolated = true) PgServer server) {
    Cluster cluster = TestClusters.connect(server);
    PostgresqlReplicationConnection replication = null;
    Disposable consuming = null;
    try {
      ReplicationSlots slots = cluster.replicationSlots();
      ReplicationSlot cdc = slots.create(SlotSpec.logical("rs_cdc", "test_decoding")).block(TIMEOUT);
      assertThat(cdc.isLogical()).isTrue();
      assertThat(cdc.plugin()).isEqualTo("test_decoding");
      assertThat(cdc.database()).isEqualTo("postgres");
      assertThat(cdc.confirmedFlushLsn()).isNotNull();
      assertThat(cdc.script().block(TIMEOUT)).isEqualTo("SELECT pg_create_logical_replication_slot('rs_cdc', 'test_decoding', FALSE);");
      ReplicationSlot temp = slots.create(SlotSpec.logical("rs_tmp", "pgoutput").temporary(true)).block(TIMEOUT);
      assertThat(temp.isTemporary()).isTrue();
      assertThat(temp.isActive()).isTrue();

      // a real walsender streams from the slot
      PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
          .host(server.host()).port(server.port()).username(server.superuser()).password(server.password())
          .database("postgres").build());
      replication = factory.replication().block(Duration.ofSeconds(20));
      ReplicationStream stream = replication.startReplication(ReplicationRequest.logical().slotName("rs_cdc")
          .startPosition(LogSequenceNumber.valueOf(0)).build()).block(Duration.ofSeconds(20));
      consuming = stream.map(buf -> buf.readableBytes()).subscribe(n -> {}, e -> {});
      ReplicationSlot active = awaitActive(cluster, "rs_cdc");
      Integer walsender = active.activePid();
      assertThat(cluster.scalar("SELECT backend_type FROM pg_stat_activity WHERE pid = $1", String.class, walsender).block(TIMEOUT))
          .isEqualTo("walsender");

      active.drop().block(TIMEOUT);
      assertThat(cluster.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rs_cdc'", Long.class).block(TIMEOUT))
          .isZero();
      assertThat(cluster.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", Long.class, walsender).block(TIMEOUT))
          .isZero();
      assertThat(slots.contains("rs_cdc").block(TIMEOUT)).isFalse();
      assertThat(slots.contains("rs_tmp").block(TIMEOUT)).isTrue();
    } finally {
      if (consuming != null) {
        consuming.dispose();
      }
      if (replication != null) {
        replication.close().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
      }
      cluster.close().block(TIMEOUT);
    }
  }

  private static ReplicationSlot awaitActive(Cluster cluster, String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      ReplicationSlot s = cluster.replicationSlots().refresh()
          .then(Mono.defer(() -> cluster.replicationSlots().get(name))).block(TIMEOUT);
      if (s.isActive() && s.activePid() != null) {
        return s;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("slot " + name + " did not become active");
  }
}
