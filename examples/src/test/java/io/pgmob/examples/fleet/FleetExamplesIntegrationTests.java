package io.pgmob.examples.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.examples.LocalClusters;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutListener;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Threshold;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Servers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs the fleet examples against small fleets of real servers and checks their effect on each. */
@PgTest
class FleetExamplesIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private static long count(PgServer server, String sql) {
    return count(LocalClusters.inventory(List.of(server)).targets().get(0), sql);
  }

  private static long count(Target target, String sql) {
    Cluster c = Cluster.connect(target.spec()).block(WAIT);
    try {
      return c.scalar(sql, Long.class).block(WAIT);
    } finally {
      c.close().block(WAIT);
    }
  }

  private static void run(PgServer server, String sql) {
    run(LocalClusters.inventory(List.of(server)).targets().get(0), sql);
  }

  private static void run(Target target, String sql) {
    Cluster c = Cluster.connect(target.spec()).block(WAIT);
    try {
      c.executeScript(sql).block(WAIT);
    } finally {
      c.close().block(WAIT);
    }
  }

  private static Map<String, Outcome> outcomes(RolloutReport report) {
    Map<String, Outcome> m = new java.util.TreeMap<>();
    report.results().forEach(r -> m.put(r.name(), r.outcome()));
    return m;
  }

  @Test
  void roleRotationGivesEachClusterANewWorkingPasswordAndIsUnchangedWhenRepeated(@Servers(count = 3) List<PgServer> servers) {
    servers.forEach(s -> run(s, "CREATE ROLE app LOGIN PASSWORD 'old password'"));
    Fleet fleet = Fleet.create(LocalClusters.inventory(servers));
    Map<String, String> passwords = new ConcurrentHashMap<>();
    List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    RolloutListener listener = events::add;

    RolloutReport report = RoleRotation.run(fleet, "env=demo", "app",
        name -> passwords.computeIfAbsent(name, n -> RoleRotation.newPassword()), listener).block(WAIT);

    assertThat(report.status()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(outcomes(report)).containsOnlyKeys("pg-01", "pg-02", "pg-03").containsValues(Outcome.SUCCEEDED)
        .doesNotContainValue(Outcome.FAILED);
    assertThat(events).filteredOn(RolloutEvent.WaveStarted.class::isInstance).hasSize(3);   // canary, 25%, rest
    assertThat(passwords.values()).doesNotHaveDuplicates().hasSize(3);
    for (int i = 0; i < servers.size(); i++) {
      PgServer s = servers.get(i);
      String name = String.format("pg-%02d", i + 1);
      Cluster asApp = Cluster.connect(LocalClusters.spec(s, "postgres").withUser("app", passwords.get(name))).block(WAIT);
      assertThat(asApp.currentUser()).isEqualTo("app");
      asApp.close().block(WAIT);
      assertThatThrownBy(() -> Cluster.connect(LocalClusters.spec(s, "postgres").withUser("app", "old password")).block(WAIT))
          .isInstanceOf(AuthenticationFailedException.class);
    }

    RolloutReport again = RoleRotation.run(fleet, "*", "app", passwords::get, RolloutListener.none()).block(WAIT);
    assertThat(again.status()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(outcomes(again).values()).containsOnly(Outcome.UNCHANGED);
  }

  /** DDL is per database: here each "cluster" of the fleet is a database of the shared server. */
  @Test
  void ddlRolloutHaltsWhenTheCanaryFailsAndCompletesOnceFixed(PgServer server, Cluster admin) {
    String prefix = "ddl_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    List<Target> targets = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      admin.update(Sql.format("CREATE DATABASE {}", Identifier.of(prefix + i))).block(WAIT);
      targets.add(Target.of("db-" + i, LocalClusters.spec(server, prefix + i), Map.of()));
    }
    try {
      run(targets.get(1), "CREATE TABLE accounts (id bigint PRIMARY KEY)");
      run(targets.get(2), "CREATE TABLE accounts (id bigint PRIMARY KEY)");
      Fleet fleet = Fleet.create(Inventory.of(targets));
      String hasColumn = "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('accounts') AND attname = 'last_login'";

      RolloutReport halted = DdlRollout.run(fleet, "*", Threshold.count(0)).block(WAIT);

      assertThat(halted.status()).isEqualTo(RolloutReport.Status.HALTED);
      assertThat(halted.results()).singleElement().satisfies(r -> {
        assertThat(r.name()).isEqualTo("db-1");
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.sqlState()).isEqualTo("42P01");   // undefined table
      });
      assertThat(halted.notStarted()).hasSize(2);
      assertThat(count(targets.get(1), hasColumn)).isZero();

      run(targets.get(0), "CREATE TABLE accounts (id bigint PRIMARY KEY)");
      RolloutReport completed = DdlRollout.run(fleet, "*", Threshold.count(0)).block(WAIT);

      assertThat(completed.status()).isEqualTo(RolloutReport.Status.COMPLETED);
      assertThat(outcomes(completed).values()).containsOnly(Outcome.SUCCEEDED);
      targets.forEach(t -> assertThat(count(t, hasColumn)).isEqualTo(1L));
      assertThat(outcomes(DdlRollout.run(fleet, "*", Threshold.count(0)).block(WAIT)).values())
          .containsOnly(Outcome.UNCHANGED);
    } finally {
      for (int i = 1; i <= 3; i++) {
        admin.update(Sql.format("DROP DATABASE IF EXISTS {} WITH (FORCE)", Identifier.of(prefix + i))).block(WAIT);
      }
    }
  }

  @Test
  void laggingSlotsReportsThenDropsOnlyTheSlotsPastTheThreshold(@Servers(count = 2) List<PgServer> servers) {
    servers.forEach(s -> run(s, "SELECT pg_create_physical_replication_slot('standby_1', true)"));
    run(servers.get(0), "SELECT pg_logical_emit_message(false, 'test', repeat('x', 3000000))");
    Fleet fleet = Fleet.create(LocalClusters.inventory(servers));
    String slots = "SELECT count(*) FROM pg_replication_slots";

    LaggingSlots.Result report = LaggingSlots.run(fleet, "*", 1_000_000, false).block(WAIT);

    assertThat(report.report().total()).isEqualTo(2);
    assertThat(report.report().isSuccess()).isTrue();
    assertThat(report.slots()).singleElement().satisfies(s -> {
      assertThat(s.cluster()).isEqualTo("pg-01");
      assertThat(s.slot()).isEqualTo("standby_1");
      assertThat(s.lagBytes()).isGreaterThan(1_000_000);
      assertThat(s.dropped()).isFalse();
    });
    servers.forEach(s -> assertThat(count(s, slots)).isEqualTo(1L));

    LaggingSlots.Result dropped = LaggingSlots.run(fleet, "*", 1_000_000, true).block(WAIT);

    assertThat(dropped.slots()).extracting(LaggingSlots.LaggingSlot::cluster, LaggingSlots.LaggingSlot::dropped)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pg-01", true));
    assertThat(count(servers.get(0), slots)).isZero();
    assertThat(count(servers.get(1), slots)).isEqualTo(1L);
  }

  @Test
  void settingDriftFindsTheClustersWhoseSettingsDifferFromTheReference(@Servers(count = 2) List<PgServer> servers) {
    Cluster second = Cluster.connect(LocalClusters.spec(servers.get(1), "postgres")).block(WAIT);
    second.settings().alter().set("work_mem", "16MB").apply().then(second.close()).block(WAIT);
    Fleet fleet = Fleet.create(LocalClusters.inventory(servers));

    SettingDrift.Result result = SettingDrift.run(fleet, "*", "pg-01", List.of("work_mem", "max_connections"))
        .block(WAIT);

    assertThat(result.unreachable()).isEmpty();
    assertThat(result.drifts()).containsExactly(new SettingDrift.Drift("pg-02", "work_mem", "4096", "16384"));
    assertThat(SettingDrift.run(fleet, "region=eu", "pg-01", List.of("max_connections")).block(WAIT).drifts()).isEmpty();
    assertThatThrownBy(() -> SettingDrift.run(fleet, "*", "pg-99", List.of("work_mem")).block(WAIT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("pg-99");
  }
}
