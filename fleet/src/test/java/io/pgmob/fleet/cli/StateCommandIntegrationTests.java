package io.pgmob.fleet.cli;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgmob fleet plan | apply | drift -f state.yaml} run in-process against a real server. */
@PgTest
class StateCommandIntegrationTests {

  @TempDir
  Path dir;

  private Path secret(String name, String value) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, value + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  /** Two databases of {@code server} (env=test) and, with {@code withUnreachable}, a target on a closed port. */
  private Path inventory(PgServer server, String host, int port, Cluster admin, String prefix, boolean withUnreachable)
      throws Exception {
    Path pw = secret("admin.pw", server.password());
    StringBuilder sb = new StringBuilder("defaults: {sslmode: disable, connect_timeout: 5, user: " + server.superuser()
        + ", password: 'file:" + pw + "'}\ntargets:\n");
    for (int i = 0; i < 2; i++) {
      admin.update("DROP DATABASE IF EXISTS " + prefix + i).block(TIMEOUT);
      admin.update("CREATE DATABASE " + prefix + i).block(TIMEOUT);
      sb.append("  - {name: ").append(prefix).append(i).append(", host: ").append(host).append(", port: ").append(port)
          .append(", database: ").append(prefix).append(i).append(", labels: {env: test}}\n");
    }
    if (withUnreachable) {
      sb.append("  - {name: ").append(prefix).append("gone, host: 127.0.0.1, port: 1, labels: {env: broken}}\n");
    }
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, sb.toString());
    return file;
  }

  private Path state(String p) throws Exception {
    Path file = dir.resolve("state.yaml");
    Files.writeString(file, """
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - {name: P_reader}
              - {name: P_app, login: true, password: 'file:PW', member_of: [P_reader]}
            databases:
              - name: P_db
                owner: P_app
                grants: [{to: P_reader, privileges: [CONNECT]}]
        """.replace("P_", p + "_").replace("PW", secret("app.pw", "app-secret-value").toString()));
    return file;
  }

  @Test
  void planGroupsIdenticalPlansApplyConvergesAndDriftExits2OnlyAfterAManualChange(PgServer server, Cluster admin)
      throws Exception {
    String inv = inventory(server, server.host(), server.port(), admin, "stc_", true).toString();
    String state = state("stc").toString();

    CliRun plan = CliRun.run("fleet", "plan", "-i", inv, "-s", "env=test", "-f", state, "--progress", "never");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
    assertThat(plan.out()).contains("2 clusters: 6 changes", "  stc_0, stc_1", "    CREATE ROLE \"stc_reader\";",
        "    GRANT CONNECT ON DATABASE \"stc_db\" TO \"stc_reader\";", "0 no change, 2 with changes pending")
        .doesNotContain("app-secret-value");

    CliRun all = CliRun.run("fleet", "plan", "-i", inv, "-f", state, "--progress", "never");
    assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
    assertThat(all.out()).contains("1 cluster: unreachable", "  stc_gone: ");

    CliRun apply = CliRun.run("fleet", "apply", "-i", inv, "-s", "env=test", "-f", state, "--canary", "1",
        "--progress", "never");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    // the second cluster shares the server: re-planned under its lock, it found nothing left to do
    assertThat(apply.out()).contains("1 succeeded, 1 unchanged");

    CliRun drift = CliRun.run("fleet", "drift", "-i", inv, "-s", "env=test", "-f", state, "--progress", "never");
    assertThat(drift.exitCode()).as(drift.toString()).isZero();
    assertThat(drift.out()).startsWith("drift of ").contains("2 clusters: no change");

    admin.update("ALTER ROLE stc_app NOLOGIN").block(TIMEOUT);
    CliRun drifted = CliRun.run("fleet", "drift", "-i", inv, "-s", "env=test", "-f", state, "-o", "json",
        "--progress", "never");
    assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(2);
    JsonObject json = new JsonObject(drifted.out());
    assertThat(json.getInteger("changesPending")).isEqualTo(2);
    assertThat(json.getJsonArray("groups").getJsonObject(0).getString("kind")).isEqualTo("changes");
    assertThat(json.getJsonArray("groups").getJsonObject(0).getJsonArray("statements").getList())
        .containsExactly("ALTER ROLE \"stc_app\" WITH LOGIN;");
  }

  @Test
  void exportWritesAFileThatPlansAsNoChangeAndWritesNothingWhenAClusterCannotBeRead(PgServer server, Cluster admin)
      throws Exception {
    String inv = inventory(server, server.host(), server.port(), admin, "ste_", true).toString();
    admin.executeScript("CREATE ROLE ste_group; CREATE ROLE ste_user LOGIN CONNECTION LIMIT 3"
        + " VALID UNTIL '2031-02-03 04:05:06.789+00' IN ROLE ste_group; CREATE ROLE ste_admin_of_group;"
        + " GRANT ste_group TO ste_admin_of_group WITH ADMIN OPTION").block(TIMEOUT);
    admin.executeScript("ALTER ROLE ste_user SET search_path = app, \"my schema\", public;"
        + " ALTER ROLE ste_user SET statement_timeout = '30s'; COMMENT ON ROLE ste_user IS 'the user''s role';"
        + " ALTER DATABASE ste_0 CONNECTION LIMIT 40; REVOKE TEMPORARY ON DATABASE ste_0 FROM PUBLIC;"
        + " GRANT CONNECT ON DATABASE ste_0 TO ste_user WITH GRANT OPTION; GRANT CREATE ON DATABASE ste_0 TO ste_group")
        .block(TIMEOUT);
    Cluster db0 = admin.connectTo("ste_0").block(TIMEOUT);
    try {
      db0.executeScript("CREATE SCHEMA rep AUTHORIZATION ste_user; GRANT USAGE ON SCHEMA rep TO ste_group;"
          + " GRANT CREATE ON SCHEMA rep TO ste_admin_of_group WITH GRANT OPTION").block(TIMEOUT);
    } finally {
      db0.close().block(TIMEOUT);
    }
    Path exported = dir.resolve("exported.yaml");

    // a cluster that cannot be read: nothing is written, and the exit code says so
    CliRun broken = CliRun.run("fleet", "export", "-i", inv, "--out", exported.toString(), "--progress", "never");
    assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.PARTIAL_FAILURE);
    assertThat(broken.err()).contains("could not read 1 of 3 clusters, so nothing was exported", "ste_gone");
    assertThat(exported).doesNotExist();

    CliRun export = CliRun.run("fleet", "export", "-i", inv, "-s", "env=test", "--out", exported.toString(),
        "--progress", "never");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    String text = Files.readString(exported);
    assertThat(text).contains("select: \"name=ste_0\"", "select: \"name=ste_1\"", "name: \"ste_user\"",
        "with_grant_option: true", "external_roles:").doesNotContain(server.password());

    CliRun plan = CliRun.run("fleet", "plan", "-i", inv, "-s", "env=test", "-f", exported.toString(),
        "--progress", "never");
    assertThat(plan.exitCode()).as(plan + "\n" + text).isZero();
    assertThat(plan.out()).contains("2 clusters: no change");
  }

  @Test
  void aBadStateFileIsRefusedWithFileLineColumnBeforeAnyClusterIsContacted(PgServer server, Cluster admin)
      throws Exception {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      String inv = inventory(server, proxy.host(), proxy.port(), admin, "stb_", false).toString();
      Path bad = dir.resolve("bad.yaml");
      Files.writeString(bad, """
          apiVersion: pgmob/v1
          blocks:
            - roles:
                - {name: app, password: plain-text-secret}
          """);

      CliRun run = CliRun.run(Map.of(), "fleet", "plan", "-i", inv, "-f", bad.toString(), "--progress", "never");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("pgmob: " + bad + ":4:31: blocks[0].roles[0].password: a password reference "
          + "must be env:NAME, file:PATH").doesNotContain("plain-text-secret");
      CliRun apply = CliRun.run(Map.of(), "fleet", "apply", "-i", inv, "-f", bad.toString(), "--progress", "never");
      assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(proxy.acceptedConnections()).isZero();

      // the same inventory with a good file does connect (so the zero above means something)
      CliRun good = CliRun.run("fleet", "plan", "-i", inv, "-f", state("stb").toString(), "--progress", "never");
      assertThat(good.exitCode()).as(good.toString()).isEqualTo(2);
      assertThat(proxy.acceptedConnections()).isPositive();
    }
  }
}
