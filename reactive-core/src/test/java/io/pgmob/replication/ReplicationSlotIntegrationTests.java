package io.pgmob.replication;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Slots on a default server ({@code wal_level=replica}). */
@PgTest
class ReplicationSlotIntegrationTests {

  private static ReplicationSlot reload(Cluster cluster, String name) {
    return cluster.replicationSlots().refresh().then(Mono.defer(() -> cluster.replicationSlots().get(name))).block(TIMEOUT);
  }

  @Test
  void physicalSlotShowsLagAndIsScriptedAndDropped(Cluster cluster) {
    ReplicationSlots slots = cluster.replicationSlots();
    ReplicationSlot slot = slots.create(SlotSpec.physical("rs_phys").reserveWal(true)).block(TIMEOUT);
    try {
      assertThat(slot.isLogical()).isFalse();
      assertThat(slot.plugin()).isNull();
      assertThat(slot.isTemporary()).isFalse();
      assertThat(slot.isActive()).isFalse();
      assertThat(slot.restartLsn()).isNotNull();
      long before = slot.lagBytes();
      cluster.executeScript("CREATE TABLE rs_wal AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g;"
          + " DROP TABLE rs_wal").block(TIMEOUT);
      long after = reload(cluster, "rs_phys").lagBytes();
      assertThat(after).isGreaterThan(before + 1_000_000);
      assertThat(slot.script().block(TIMEOUT)).isEqualTo("SELECT pg_create_physical_replication_slot('rs_phys', TRUE, FALSE);");
      slot.drop().block(TIMEOUT);
      assertThat(cluster.replicationSlots().contains("rs_phys").block(TIMEOUT)).isFalse();
    } finally {
      cluster.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'rs_phys'")
          .blockLast(TIMEOUT);
    }
  }

  @Test
  void droppingASlotInUseDisconnectsItsSessionFirst(PgServer server, Cluster cluster) {
    Cluster holder = TestClusters.connect(server);
    try {
      // a temporary slot is held (active) by the session that created it
      ReplicationSlot slot = holder.replicationSlots().create(SlotSpec.physical("rs_temp").temporary(true)).block(TIMEOUT);
      assertThat(slot.isTemporary()).isTrue();
      ReplicationSlot seen = reload(cluster, "rs_temp");
      assertThat(seen.isActive()).isTrue();
      assertThat(seen.activePid()).isEqualTo(holder.backendPid());

      seen.drop().block(TIMEOUT);
      assertThat(cluster.replicationSlots().contains("rs_temp").block(TIMEOUT)).isFalse();
    } finally {
      holder.close().block(TIMEOUT);
    }
    assertThat(cluster.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rs_temp'", Long.class).block(TIMEOUT))
        .isZero();
    assertThat(cluster.scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", Long.class, holder.backendPid()).block(TIMEOUT))
        .isZero();
  }

  @Test
  void logicalSlotOnReplicaWalLevelFailsClearlyAndCreatesNothing(Cluster cluster) {
    assertThat(cluster.scalar("SELECT current_setting('wal_level')", String.class).block(TIMEOUT)).isEqualTo("replica");
    assertThatThrownBy(() -> cluster.replicationSlots().create(SlotSpec.logical("rs_logical", "pgoutput")).block(TIMEOUT))
        .isInstanceOf(WalLevelException.class)
        .hasMessageContaining("wal_level=replica")
        .hasMessageContaining("needs wal_level=logical")
        .satisfies(e -> assertThat(((WalLevelException) e).walLevel()).isEqualTo("replica"));
    assertThat(cluster.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rs_logical'", Long.class).block(TIMEOUT))
        .isZero();
  }

  @Test
  void badInputIsRefused(Cluster cluster) {
    assertThatThrownBy(() -> SlotSpec.physical("Bad-Name")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("lowercase letters, digits or underscores");
    assertThatThrownBy(() -> cluster.replicationSlots().drop("no_such_slot").block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("replication slot \"no_such_slot\" does not exist");
    assertThat(cluster.replicationSlots().disconnect("no_such_slot").block(TIMEOUT)).isFalse();
  }
}
