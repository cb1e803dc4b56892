package io.pgmob.settings;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Server;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@PgTest
class SettingsIntegrationTests {

  @PgMatrix
  void readsPgSettingsWithUnitContextAndSource(Cluster cluster) {
    Setting workMem = cluster.settings().get("work_mem").block(TIMEOUT);
    assertThat(workMem.unit()).isEqualTo("kB");
    assertThat(workMem.type()).isEqualTo("integer");
    assertThat(workMem.context()).isEqualTo("user");
    assertThat(workMem.bootValue()).isEqualTo("4096");
    assertThat(workMem.requiresRestart()).isFalse();
    Setting maxConn = cluster.settings().get("max_connections").block(TIMEOUT);
    assertThat(maxConn.requiresRestart()).isTrue();
    assertThat(maxConn.pendingRestart()).isFalse();
    assertThat(cluster.settings().get("wal_level").block(TIMEOUT).enumValues()).contains("replica", "logical");
    assertThat(cluster.settings().all().count().block(TIMEOUT)).isGreaterThan(200);
    assertThatThrownBy(() -> cluster.settings().get("no_such_setting").block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void perRoleAndPerDatabaseSettingsAreSetReadAndReset(Cluster cluster) {
    String role = "set_" + UUID.randomUUID().toString().substring(0, 8);
    cluster.update(Sql.format("CREATE ROLE {}", Identifier.of(role))).block(TIMEOUT);
    try {
      Settings s = cluster.settings();
      SettingsAlteration a = s.alterRole(role).set("search_path", "app", "my schema").set("work_mem", "16MB");
      assertThat(a.plan().statements()).containsExactly(
          "ALTER ROLE \"" + role + "\" SET \"search_path\" = 'app', 'my schema';",
          "ALTER ROLE \"" + role + "\" SET \"work_mem\" = '16MB';");
      assertThat(a.apply().block(TIMEOUT).needsRestart()).isFalse();
      assertThat(s.roleSettings(role).block(TIMEOUT))
          .isEqualTo(Map.of("search_path", "app, \"my schema\"", "work_mem", "16MB"));
      s.alterRole(role, "postgres").set("statement_timeout", "5s").apply().block(TIMEOUT);
      assertThat(s.roleSettings(role, "postgres").block(TIMEOUT)).isEqualTo(Map.of("statement_timeout", "5s"));
      assertThat(s.roleSettings(role).block(TIMEOUT)).doesNotContainKey("statement_timeout");
      s.alterRole(role).reset("work_mem").apply().block(TIMEOUT);
      assertThat(s.roleSettings(role).block(TIMEOUT)).containsOnlyKeys("search_path");
      s.alterRole(role).resetAll().apply().block(TIMEOUT);
      s.alterRole(role, "postgres").resetAll().apply().block(TIMEOUT);
      assertThat(s.roleSettings(role).block(TIMEOUT)).isEmpty();
      assertThat(s.databaseSettings("postgres").block(TIMEOUT)).doesNotContainKey("statement_timeout");
      assertThat(s.alterDatabase("postgres").set("ext.flag", "x").plan().statements())
          .containsExactly("ALTER DATABASE \"postgres\" SET \"ext\".\"flag\" = 'x';");
      assertThatThrownBy(() -> s.alter().set("work_mem; DROP TABLE x", "1")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> s.alter().set("work_mem")).isInstanceOf(InvalidInputException.class);
    } finally {
      cluster.update(Sql.format("DROP ROLE {}", Identifier.of(role))).block(TIMEOUT);
    }
  }

  @Test
  void alterSystemChangesAReloadableSettingReportsRestartsAndReverts(@Server(isolated = true) PgServer server) {
    Cluster admin = TestClusters.connect(server);
    try {
      SettingsChange change = admin.settings().alter().set("work_mem", "64MB").set("max_connections", "150").apply()
          .block(TIMEOUT);
      assertThat(change.applied()).hasSize(2);
      assertThat(change.restartRequired()).containsExactly("max_connections");
      assertThat(change.fileErrors()).isEmpty();
      assertThat(eventually(() -> newSession(server, "SELECT current_setting('work_mem')"), "64MB")).isEqualTo("64MB");
      assertThat(eventually(() -> newSession(server,
          "SELECT pending_restart::text FROM pg_settings WHERE name = 'max_connections'"), "true")).isEqualTo("true");
      assertThat(admin.settings().get("max_connections").block(TIMEOUT).value()).isEqualTo("100");

      SettingsChange revert = admin.settings().alter().reset("work_mem").reset("max_connections").apply().block(TIMEOUT);
      assertThat(revert.restartRequired()).containsExactly("max_connections");
      assertThat(eventually(() -> newSession(server, "SELECT current_setting('work_mem')"), "4MB")).isEqualTo("4MB");
      assertThat(eventually(() -> newSession(server,
          "SELECT pending_restart::text FROM pg_settings WHERE name = 'max_connections'"), "false")).isEqualTo("false");
    } finally {
      admin.close().block(TIMEOUT);
    }
  }

  private static String newSession(PgServer server, String sql) {
    Cluster c = TestClusters.connect(server);
    try {
      return c.scalar(sql, String.class).block(TIMEOUT);
    } finally {
      c.close().block(TIMEOUT);
    }
  }

  /** The server applies a reload asynchronously: poll for up to 5 s. */
  private static String eventually(Supplier<String> read, String expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String v = read.get();
    while (!expected.equals(v) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      v = read.get();
    }
    return v;
  }
}
