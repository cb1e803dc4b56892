package io.pgmob.fleet.cli;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Servers;
import io.pgmob.testkit.TcpProxy;
import io.pgmob.testsupport.TestClusters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code pgmob fleet} commands, run in-process against real clusters: output and exit codes. */
@PgTest
class FleetCommandIntegrationTests {

  @TempDir
  Path dir;

  /** Three databases of one server as clusters {prefix}0..2 (env=test), plus one whose database is missing (env=broken). */
  private Path databases(PgServer server, Cluster admin, String prefix) throws Exception {
    List<TestInventory.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      admin.update("DROP DATABASE IF EXISTS " + prefix + i).block(TIMEOUT);
      admin.update("CREATE DATABASE " + prefix + i).block(TIMEOUT);
      entries.add(new TestInventory.Entry(prefix + i, server, prefix + i, Map.of("env", "test", "i", "" + i)));
    }
    entries.add(new TestInventory.Entry(prefix + "gone", server, prefix + "no_such_db", Map.of("env", "broken")));
    return TestInventory.write(dir, entries);
  }

  private static boolean tableExists(PgServer server, String db, String table) {
    Cluster c = TestClusters.connect(server, db);
    try {
      return Boolean.TRUE.equals(c.scalar("SELECT to_regclass($1) IS NOT NULL", Boolean.class, table).block(TIMEOUT));
    } finally {
      c.close().block(TIMEOUT);
    }
  }

  @Test
  void queryPrintsRowsTaggedWithTheirClusterAsTableCsvAndJsonAndExits1WhenAClusterFails(PgServer server, Cluster admin)
      throws Exception {
    String inv = databases(server, admin, "cliq_").toString();
    String sql = "SELECT current_database() AS db, g AS n FROM generate_series(1, 2) g";

    CliRun table = CliRun.run("fleet", "query", "-i", inv, "-s", "env=test", sql);
    assertThat(table.exitCode()).as(table.toString()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).matches("cluster\\s+\\| db\\s+\\| n");
    assertThat(lines).filteredOn(l -> l.matches("cliq_(\\d)\\s+\\| cliq_\\1\\s+\\| [12]")).hasSize(6);
    assertThat(lines).last().isEqualTo("(6 rows)");

    CliRun csv = CliRun.run("fleet", "query", "-i", inv, "-s", "env=test,i=1", "-o", "csv", sql);
    assertThat(csv.exitCode()).isZero();
    assertThat(csv.out().lines().toList()).containsExactly("cluster,db,n", "cliq_1,cliq_1,1", "cliq_1,cliq_1,2");

    CliRun json = CliRun.run("fleet", "query", "-i", inv, "-s", "env=test", "-o", "json", sql);
    assertThat(json.exitCode()).isZero();
    JsonArray rows = new JsonArray(json.out());
    assertThat(rows).hasSize(6);
    assertThat(rows.stream().map(JsonObject.class::cast))
        .allSatisfy(r -> {
          assertThat(r.getString("db")).isEqualTo(r.getString("cluster"));
          assertThat(r.getValue("n")).isIn(1, 2);
        });

    CliRun partial = CliRun.run("fleet", "query", "-i", inv, "--attempts", "1", "SELECT 1 AS one");
    assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
    assertThat(partial.out()).contains("(3 rows)");
    assertThat(partial.err()).contains("cliq_gone failed", "no_such_db", "1 of 4 clusters failed");
  }

  @Test
  void rolloutRunsInWavesHaltsOnFailureAndResumesFromItsJournal(PgServer server, Cluster admin) throws Exception {
    String inv = databases(server, admin, "clir_").toString();
    String journal = dir.resolve("r.journal").toString();
    String create = "CREATE TABLE cli_rollout_t (id int)";
    // clir_1 already has the table: the rollout fails there, halts, and clir_2 never starts
    Cluster one = TestClusters.connect(server, "clir_1");
    one.update(create).block(TIMEOUT);

    CliRun dry = CliRun.run("fleet", "rollout", "-i", inv, "-s", "env=test", "--sql", create, "--dry-run");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("Dry run", "-- clir_0", "CREATE TABLE cli_rollout_t (id int)");
    assertThat(tableExists(server, "clir_0", "cli_rollout_t")).isFalse();

    CliRun halted = CliRun.run("fleet", "rollout", "-i", inv, "-s", "env=test", "--sql", create, "--canary", "1",
        "--waves", "1", "--journal", journal, "--progress", "always");
    assertThat(halted.exitCode()).as(halted.toString()).isEqualTo(ExitCodes.HALTED);
    assertThat(halted.out()).containsPattern("clir_0\\s+\\| 0\\s+\\| succeeded")
        .containsPattern("clir_1\\s+\\| 1\\s+\\| failed .*42P07")
        .containsPattern("clir_2\\s+\\|\\s+\\| not started")
        .contains("halted", "1 succeeded", "1 failed");
    assertThat(halted.err()).contains("halted", "run the same command again to resume")
        .contains("ok 1  unchanged 0  failed 1", "in flight 0").containsPattern("\\] 2/3");
    assertThat(tableExists(server, "clir_2", "cli_rollout_t")).isFalse();

    one.update("DROP TABLE cli_rollout_t").block(TIMEOUT);
    one.close().block(TIMEOUT);
    CliRun resumed = CliRun.run("fleet", "rollout", "-i", inv, "-s", "env=test", "--sql", create, "--canary", "1",
        "--waves", "1", "--journal", journal);
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.out()).containsPattern("clir_0\\s+\\|\\s+\\| done before")
        .containsPattern("clir_1\\s+\\| \\d\\s+\\| succeeded").containsPattern("clir_2\\s+\\| \\d\\s+\\| succeeded")
        .contains("completed", "1 done before (journal)");
    for (int i = 0; i < 3; i++) {
      assertThat(tableExists(server, "clir_" + i, "cli_rollout_t")).isTrue();
    }

    // a failure within --max-failures does not halt: the others are done, exit 1 (partial failure)
    Path file = dir.resolve("m.sql");
    Files.writeString(file, "CREATE TABLE cli_rollout_u (id int); INSERT INTO cli_rollout_u VALUES (1);");
    CliRun partial = CliRun.run("fleet", "rollout", "-i", inv, "--file", file.toString(), "--max-failures", "1",
        "--attempts", "1", "-o", "json");
    assertThat(partial.exitCode()).as(partial.toString()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
    JsonObject report = new JsonObject(partial.out());
    assertThat(report.getString("status")).isEqualTo("completed");
    assertThat(report.getJsonObject("counts").getInteger("succeeded")).isEqualTo(3);
    assertThat(report.getJsonObject("counts").getInteger("failed")).isEqualTo(1);
    assertThat(report.getJsonArray("failures").getJsonObject(0).getJsonArray("clusters")).containsExactly("clir_gone");
  }

  @Test
  void confirmWavesAsksBeforeEachWaveAndANoHaltsTheRollout(PgServer server, Cluster admin) throws Exception {
    String inv = databases(server, admin, "cliw_").toString();
    String create = "CREATE TABLE cli_wave_t (id int)";

    CliRun no = CliRun.input("n\n", Map.of(), "fleet", "rollout", "-i", inv, "-s", "env=test", "--sql", create,
        "--canary", "1", "--confirm-waves");
    assertThat(no.exitCode()).as(no.toString()).isEqualTo(ExitCodes.HALTED);
    assertThat(no.err()).contains("wave 0 done: 1 succeeded, 0 unchanged, 0 failed, 0 skipped. Go on with wave 1? [y/N]",
        "stopping before wave 1");
    assertThat(tableExists(server, "cliw_0", "cli_wave_t")).isTrue();
    assertThat(tableExists(server, "cliw_1", "cli_wave_t")).isFalse();

    CliRun yes = CliRun.input("y\n", Map.of(), "fleet", "rollout", "-i", inv, "-s", "env=test,i!=0", "--sql", create,
        "--canary", "1", "--confirm-waves");
    assertThat(yes.exitCode()).as(yes.toString()).isZero();
    assertThat(yes.err()).contains("going on with wave 1");
    assertThat(tableExists(server, "cliw_2", "cli_wave_t")).isTrue();

    // another rollout holds cliw_1: it is skipped, the others are done, exit 1
    Cluster holder = TestClusters.connect(server, "cliw_1");
    try {
      holder.scalar("SELECT pg_advisory_lock($1)::text", String.class, io.pgmob.fleet.rollout.Rollout.LOCK_KEY).block(TIMEOUT);
      CliRun locked = CliRun.run("fleet", "rollout", "-i", inv, "-s", "env=test", "--sql", "SELECT 1");
      assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
      assertThat(locked.out()).containsPattern("cliw_1\\s+\\| 0\\s+\\| skipped .*locked by another rollout")
          .contains("2 succeeded", "1 skipped");
    } finally {
      holder.close().block(TIMEOUT);
    }
  }

  @Test
  void oneEnsureRoleWithGrantsCreatesTheRoleSetsItsPasswordAndGrantsOnOneConnectionPerCluster(
      @Servers(count = 2, version = 15) List<PgServer> servers) throws Exception {
    String role = "cli_onecall";
    String db = "onecall";
    Path adminPw = dir.resolve("admin.pw");
    Files.writeString(adminPw, servers.get(0).password() + "\n");
    Files.setPosixFilePermissions(adminPw, PosixFilePermissions.fromString("rw-------"));
    List<TcpProxy> proxies = new ArrayList<>();
    StringBuilder yaml = new StringBuilder("defaults: {sslmode: disable, connect_timeout: 10}\ntargets:\n");
    try {
      for (int i = 0; i < servers.size(); i++) {
        PgServer s = servers.get(i);
        Cluster admin = TestClusters.connect(s);
        try {
          admin.update("DROP DATABASE IF EXISTS " + db).block(TIMEOUT);
          admin.update("DROP ROLE IF EXISTS " + role).block(TIMEOUT);
          admin.update("CREATE DATABASE " + db).block(TIMEOUT);
          // only a grant lets the role connect: PUBLIC may not
          admin.update("REVOKE CONNECT ON DATABASE " + db + " FROM PUBLIC").block(TIMEOUT);
        } finally {
          admin.close().block(TIMEOUT);
        }
        assertThat(s.password()).isEqualTo(servers.get(0).password());
        TcpProxy proxy = TcpProxy.start(s);
        proxies.add(proxy);
        yaml.append("  - {name: oc").append(i).append(", host: ").append(proxy.host()).append(", port: ")
            .append(proxy.port()).append(", database: postgres, user: ").append(s.superuser())
            .append(", password: 'file:").append(adminPw).append("', labels: {env: prod}}\n");
      }
      Path inv = dir.resolve("fleet.yaml");
      Files.writeString(inv, yaml.toString());
      String password = "r0t-" + UUID.randomUUID();
      Path pwFile = dir.resolve("app.pw");
      Files.writeString(pwFile, password + "\n");
      Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
      String[] rotation = {"fleet", "ensure-role", "-i", inv.toString(), "-s", "env=prod", "--role", role, "--login",
          "--password-file", pwFile.toString(), "--grant", "CONNECT:database:" + db, "--grant", "USAGE,CREATE:schema:public"};

      String[] dryRun = java.util.stream.Stream.concat(java.util.Arrays.stream(rotation), java.util.stream.Stream.of("--dry-run"))
          .toArray(String[]::new);
      CliRun planned = CliRun.run(dryRun);
      assertThat(planned.exitCode()).as(planned.toString()).isZero();
      assertThat(planned.out()).contains("CREATE ROLE", "GRANT CONNECT ON DATABASE \"onecall\" TO \"cli_onecall\"",
          "GRANT USAGE, CREATE ON SCHEMA \"public\"").doesNotContain(password);
      Cluster check = TestClusters.connect(servers.get(0));
      try {
        assertThat(check.scalar("SELECT count(*) FROM pg_roles WHERE rolname = $1", Long.class, role).block(TIMEOUT))
            .as("a dry run changes nothing").isZero();
      } finally {
        check.close().block(TIMEOUT);
      }
      List<Integer> before = proxies.stream().map(TcpProxy::acceptedConnections).toList();

      CliRun first = CliRun.run(rotation);
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.out()).contains("2 succeeded").contains("GRANT CONNECT ON DATABASE").doesNotContain(password);
      for (int i = 0; i < proxies.size(); i++) {
        assertThat(proxies.get(i).acceptedConnections() - before.get(i))
            .as("connections per cluster for the whole rotation").isEqualTo(1);
      }
      for (PgServer s : servers) {
        ConnectionSpec asRole = ConnectionSpec.builder().host(s.host()).port(s.port()).database(db).user(role)
            .password(password).sslMode(SslMode.DISABLE).build();
        Cluster app = Cluster.connect(asRole).block(Duration.ofSeconds(20));
        try {
          assertThat(app.currentUser()).isEqualTo(role);
          assertThat(app.scalar("SELECT has_database_privilege(current_user, $1, 'CONNECT')", Boolean.class, db)
              .block(TIMEOUT)).isTrue();
        } finally {
          app.close().block(TIMEOUT);
        }
        Cluster admin = TestClusters.connect(s);
        try {
          assertThat(admin.scalar("SELECT has_schema_privilege($1, 'public', 'USAGE') "
              + "AND has_schema_privilege($1, 'public', 'CREATE')", Boolean.class, role).block(TIMEOUT)).isTrue();
        } finally {
          admin.close().block(TIMEOUT);
        }
      }

      CliRun again = CliRun.run(rotation);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).as(again.toString()).contains("0 succeeded, 2 unchanged");
      for (int i = 0; i < proxies.size(); i++) {
        assertThat(proxies.get(i).acceptedConnections() - before.get(i)).isEqualTo(2);
      }
      List<Integer> afterRuns = proxies.stream().map(TcpProxy::acceptedConnections).toList();

      CliRun badKind = CliRun.run("fleet", "ensure-role", "-i", inv.toString(), "--role", role,
          "--grant", "CONNECT:database:" + db, "--grant", "CONNECT:databse:" + db);
      assertThat(badKind.exitCode()).as(badKind.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(badKind.err()).contains("--grant (the 2nd one): unknown grant target kind 'databse'", "database:NAME");
      CliRun badPrivilege = CliRun.run("fleet", "ensure-role", "-i", inv.toString(), "--role", role,
          "--grant", "CONECT:database:" + db);
      assertThat(badPrivilege.exitCode()).as(badPrivilege.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(badPrivilege.err()).contains("--grant (the 1st one): unknown privilege 'CONECT'");
      CliRun noTarget = CliRun.run("fleet", "ensure-role", "-i", inv.toString(), "--role", role, "--grant", "CONNECT");
      assertThat(noTarget.exitCode()).as(noTarget.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(noTarget.err()).contains("--grant (the 1st one): 'CONNECT' must look like PRIVILEGE[,PRIVILEGE]:KIND:OBJECT");
      assertThat(proxies.stream().map(TcpProxy::acceptedConnections).toList())
          .as("a bad --grant is refused before any cluster is contacted").isEqualTo(afterRuns);
    } finally {
      proxies.forEach(TcpProxy::close);
    }
  }

  @Test
  void roleCommandsRotatePasswordsGrantAndEditHbaOnThreeServersAndReportUnchangedOnRerun(
      @Servers(count = 3, version = 15) List<PgServer> servers) throws Exception {
    List<TestInventory.Entry> entries = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      entries.add(new TestInventory.Entry("pg" + i, servers.get(i), "postgres", Map.of("env", "prod")));
    }
    String inv = TestInventory.write(dir, entries).toString();
    String role = "cli_app";

    CliRun created = CliRun.run("fleet", "ensure-role", "-i", inv, "--role", role, "--login", "--connection-limit", "5");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("3 succeeded");
    CliRun again = CliRun.run("fleet", "ensure-role", "-i", inv, "--role", role, "--login", "--connection-limit", "5");
    assertThat(again.out()).as(again.toString()).contains("0 succeeded, 3 unchanged");

    Path pwFile = dir.resolve("new-pw");
    String password = "n3w-" + UUID.randomUUID();
    Files.writeString(pwFile, password + "\n");
    Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
    CliRun rotated = CliRun.run("fleet", "rotate-password", "-i", inv, "--role", role, "--password-file",
        pwFile.toString(), "--canary", "1");
    assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
    assertThat(rotated.out()).contains("3 succeeded").doesNotContain(password);
    for (PgServer s : servers) {
      ConnectionSpec asApp = ConnectionSpec.builder().host(s.host()).port(s.port()).database("postgres").user(role)
          .password(password).sslMode(SslMode.DISABLE).build();
      Cluster app = Cluster.connect(asApp).block(Duration.ofSeconds(20));
      assertThat(app.currentUser()).isEqualTo(role);
      app.close().block(TIMEOUT);
    }
    CliRun sameFromEnv = CliRun.run(Map.of("NEW_PW", password), "fleet", "rotate-password", "-i", inv, "--role", role,
        "--password-env", "NEW_PW");
    assertThat(sameFromEnv.exitCode()).as(sameFromEnv.toString()).isZero();
    assertThat(sameFromEnv.out()).contains("3 unchanged");

    CliRun missingRole = CliRun.run(Map.of("NEW_PW", password), "fleet", "rotate-password", "-i", inv,
        "--role", "cli_nobody", "--password-env", "NEW_PW");
    assertThat(missingRole.exitCode()).isEqualTo(ExitCodes.HALTED);
    assertThat(missingRole.out()).contains("cli_nobody");

    CliRun granted = CliRun.run("fleet", "grant", "-i", inv, "CREATE,TEMPORARY", "--on", "database:postgres", "--to", role);
    assertThat(granted.exitCode()).as(granted.toString()).isZero();
    assertThat(granted.out()).contains("3 succeeded");
    assertThat(CliRun.run("fleet", "grant", "-i", inv, "CREATE", "--on", "database:postgres", "--to", role).out())
        .contains("3 unchanged");
    Cluster first = TestClusters.connect(servers.get(0));
    assertThat(first.scalar("SELECT has_database_privilege($1, 'postgres', 'CREATE')", Boolean.class, role).block(TIMEOUT)).isTrue();

    String rule = "host all " + role + " 10.99.0.0/16 scram-sha-256";
    CliRun hbaDry = CliRun.run("fleet", "hba", "add", "-i", inv, rule, "--dry-run");
    assertThat(hbaDry.exitCode()).isZero();
    assertThat(hbaDry.out()).contains("pg_hba.conf += host");
    CliRun added = CliRun.run("fleet", "hba", "add", "-i", inv, "host", "all", role, "10.99.0.0/16", "scram-sha-256");
    assertThat(added.exitCode()).as(added.toString()).isZero();
    assertThat(added.out()).contains("3 succeeded");
    assertThat(first.scalar("SELECT count(*) FROM pg_hba_file_rules WHERE address = '10.99.0.0'", Long.class).block(TIMEOUT))
        .isEqualTo(1L);
    assertThat(CliRun.run("fleet", "hba", "add", "-i", inv, rule).out()).contains("3 unchanged");
    CliRun removed = CliRun.run("fleet", "hba", "remove", "-i", inv, rule);
    assertThat(removed.exitCode()).isZero();
    assertThat(removed.out()).contains("3 succeeded");
    assertThat(first.scalar("SELECT count(*) FROM pg_hba_file_rules WHERE address = '10.99.0.0'", Long.class).block(TIMEOUT))
        .isZero();

    String stem = "/tmp/pgmob-cli-" + UUID.randomUUID().toString().substring(0, 8);
    CliRun backup = CliRun.run("fleet", "backup", "-i", inv, "--database", "postgres", "--schema-only",
        "--path", stem + "-{cluster}-{database}.dump");
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(backup.out()).contains("3 succeeded", "dumped postgres to " + stem + "-pg0-postgres.dump");
    for (int i = 0; i < 3; i++) {
      Path dump = Path.of(stem + "-pg" + i + "-postgres.dump");
      assertThat(dump).isRegularFile();
      assertThat(Files.size(dump)).isPositive();
      Files.delete(dump);
    }
    first.close().block(TIMEOUT);
  }

  @Test
  void hbaAddWarnsWhenAnEarlierRuleShadowsTheNewOneAndPlacesItFirstOrBeforeAnotherRule(
      @io.pgmob.testkit.Server(isolated = true) PgServer server) throws Exception {
    String inv = TestInventory.write(dir, List.of(new TestInventory.Entry("pg", server, "postgres", Map.of()))).toString();
    Cluster admin = TestClusters.connect(server);
    try {
      String rule = "local all cli_admin reject";
      CliRun appended = CliRun.run("fleet", "hba", "add", "-i", inv, rule);
      assertThat(appended.exitCode()).as(appended.toString()).isZero();
      assertThat(appended.out() + appended.err()).contains("WARNING").contains("never applies")
          .contains("local all all");

      CliRun first = CliRun.run("fleet", "hba", "add", "-i", inv, "--first", rule);
      assertThat(first.exitCode()).as(first.toString()).isZero();
      assertThat(first.out()).contains("1 succeeded").doesNotContain("WARNING");
      assertThat(admin.scalar("SELECT user_name[1] FROM pg_hba_file_rules ORDER BY line_number LIMIT 1",
          String.class).block(Duration.ofSeconds(30))).isEqualTo("cli_admin");
      assertThat(CliRun.run("fleet", "hba", "add", "-i", inv, "--first", rule).out()).contains("1 unchanged");

      CliRun before = CliRun.run("fleet", "hba", "add", "-i", inv, "--before", "1", "local all cli_other reject");
      assertThat(before.exitCode()).as(before.toString()).isZero();
      assertThat(admin.query("SELECT user_name[1] AS u FROM pg_hba_file_rules ORDER BY line_number LIMIT 2",
          r -> r.getString("u")).collectList().block(Duration.ofSeconds(30))).containsExactly("cli_other", "cli_admin");
      CliRun after = CliRun.run("fleet", "hba", "add", "-i", inv, "--after", rule, "local all cli_third reject");
      assertThat(after.exitCode()).as(after.toString()).isZero();
      assertThat(admin.query("SELECT user_name[1] AS u FROM pg_hba_file_rules ORDER BY line_number LIMIT 3",
          r -> r.getString("u")).collectList().block(Duration.ofSeconds(30)))
          .containsExactly("cli_other", "cli_admin", "cli_third");
      CliRun both = CliRun.run("fleet", "hba", "add", "-i", inv, "--first", "--after", "2", rule);
      assertThat(both.exitCode()).isEqualTo(64);
    } finally {
      admin.close().block(Duration.ofSeconds(30));
    }
  }
}
