package io.pgmob.fleet.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.Outcome;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutReport;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testkit.TcpProxy;
import io.pgmob.testsupport.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * A state file planned and applied on a mixed fleet of real servers (PostgreSQL 13 and 18, one
 * target each): apply converges, a second plan is empty everywhere, a manual change shows as drift
 * on that cluster only, exclusive drops what the file does not own and nothing else.
 */
class FleetStateIntegrationTests {

  private static final Duration T = Duration.ofMinutes(2);
  private static final List<Integer> MAJORS = List.of(13, 18);
  private static List<PgServer> servers;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    servers = MAJORS.stream().map(v -> PgServers.start(ServerSpec.builder().majorVersion(v).build())).toList();
  }

  @AfterAll
  static void stop() {
    servers.forEach(PgServer::close);
  }

  private static Target target(int i, ConnectionSpec spec) {
    return Target.of("s" + i, spec, Map.of("env", i == 0 ? "prod" : "staging", "pg", "" + servers.get(i).majorVersion()));
  }

  private static Inventory inventory() {
    return Inventory.of(List.of(target(0, TestClusters.spec(servers.get(0))), target(1, TestClusters.spec(servers.get(1)))));
  }

  private static <T> T admin(int server, Function<Cluster, reactor.core.publisher.Mono<T>> work) {
    return admin(server, servers.get(server).database(), work);
  }

  private static <T> T admin(int server, String db, Function<Cluster, reactor.core.publisher.Mono<T>> work) {
    return admin(servers.get(server), db, work);
  }

  private static <T> T admin(PgServer server, String db, Function<Cluster, reactor.core.publisher.Mono<T>> work) {
    Cluster c = TestClusters.connect(server, db);
    try {
      return work.apply(c).block(T);
    } finally {
      c.close().block(T);
    }
  }

  private static Map<String, ClusterResult<ClusterPlan>> plan(FleetState state, Fleet fleet) {
    return state.plan(fleet, Selector.all()).collectList().block(T).stream()
        .collect(Collectors.toMap(ClusterResult::name, r -> r));
  }

  private String state(String p, Path passwordFile) {
    return """
        apiVersion: pgmob/v1
        blocks:
          - roles:
              - name: P_reader
              - name: P_app
                login: true
                password: file:PWFILE
                connection_limit: 5
                comment: the application
                settings: {statement_timeout: 30s}
                member_of: [{role: P_reader, admin: true}]
            databases:
              - name: P_db
                owner: P_app
                connection_limit: 10
                grants:
                  - {to: P_reader, privileges: [CONNECT, TEMP]}
                schemas:
                  - name: rep
                    owner: P_app
                    grants: [{to: P_reader, privileges: [USAGE]}]
          - select: env=prod
            roles:
              - {name: P_app, connection_limit: 7}
        """.replace("P_", p + "_").replace("PWFILE", passwordFile.toString());
  }

  @Test
  void applyConvergesEveryClusterThenPlanShowsNoChangeAndAManualChangeIsDriftOnThatClusterOnly() throws Exception {
    Path pw = dir.resolve("app.pw");
    Files.writeString(pw, "first-secret-1\n");
    FleetState state = FleetState.parse(state("conv", pw), "state.yaml");
    Fleet fleet = Fleet.create(inventory());

    Map<String, ClusterResult<ClusterPlan>> before = plan(state, fleet);
    assertThat(before.values()).allSatisfy(r -> {
      assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.value().lines()).contains("CREATE DATABASE \"conv_db\" OWNER \"conv_app\" CONNECTION LIMIT 10;",
          "GRANT TEMPORARY, CONNECT ON DATABASE \"conv_db\" TO \"conv_reader\";",
          "-- in database \"conv_db\"", "CREATE SCHEMA \"rep\" AUTHORIZATION \"conv_app\";",
          "GRANT USAGE ON SCHEMA \"rep\" TO \"conv_reader\";");
      assertThat(String.join("\n", r.value().lines())).doesNotContain("first-secret-1");
    });
    // planning changed nothing
    assertThat(FleetStateIntegrationTests.<Long>admin(0, c -> c.scalar("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'conv%'", Long.class))).isZero();

    RolloutReport applied = RolloutReport.from(state.apply(fleet, Selector.all(),
        Rollout.builder("state-conv").canary(1).build())).block(T);
    assertThat(applied.status()).as(applied.toString()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(applied.results()).extracting(ClusterResult::outcome).containsOnly(Outcome.SUCCEEDED);

    Map<String, ClusterResult<ClusterPlan>> after = plan(state, fleet);
    assertThat(after.values()).allSatisfy(r -> {
      assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.UNCHANGED);
      assertThat(r.value().steps()).isEmpty();
    });
    assertThat(FleetStateIntegrationTests.<Integer>admin(0, c -> c.scalar("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'conv_app'", Integer.class)))
        .isEqualTo(7);
    assertThat(FleetStateIntegrationTests.<Integer>admin(1, c -> c.scalar("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'conv_app'", Integer.class)))
        .isEqualTo(5);
    assertThat(FleetStateIntegrationTests.<Boolean>admin(1, "conv_db", c -> c.scalar("SELECT has_schema_privilege('conv_reader', 'rep', 'USAGE')",
        Boolean.class))).isTrue();

    admin(1, c -> c.update("ALTER ROLE conv_app CONNECTION LIMIT 99")
        .then(c.update("REVOKE CONNECT ON DATABASE conv_db FROM conv_reader")));
    Map<String, ClusterResult<ClusterPlan>> drift = plan(state, fleet);
    assertThat(drift.get("s0").outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(drift.get("s1").outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(drift.get("s1").value().lines()).containsExactly(
        "ALTER ROLE \"conv_app\" WITH CONNECTION LIMIT 5;",
        "GRANT CONNECT ON DATABASE \"conv_db\" TO \"conv_reader\";");
  }

  @Test
  void aPasswordByReferenceThatMatchesTheStoredVerifierIsUnchangedAndAnotherOneIsARedactedChange() throws Exception {
    Path pw = dir.resolve("app.pw");
    Files.writeString(pw, "pw-one-secret\n");
    FleetState state = FleetState.parse(state("pwd", pw), "state.yaml");
    Fleet fleet = Fleet.create(inventory());
    RolloutReport applied = RolloutReport.from(state.apply(fleet, Selector.all(), Rollout.builder("state-pwd").build()))
        .block(T);
    assertThat(applied.status()).as(applied.toString()).isEqualTo(RolloutReport.Status.COMPLETED);
    String verifier = admin(0, c -> c.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = 'pwd_app'", String.class));

    // unchanged: nothing planned, and applying again sends no statement (the verifier keeps its salt)
    assertThat(plan(state, fleet).values()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.UNCHANGED));
    RolloutReport again = RolloutReport.from(state.apply(fleet, Selector.all(), Rollout.builder("state-pwd-2").build()))
        .block(T);
    assertThat(again.results()).extracting(ClusterResult::outcome).containsOnly(Outcome.UNCHANGED);
    assertThat(FleetStateIntegrationTests.<String>admin(0, c -> c.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = 'pwd_app'", String.class)))
        .isEqualTo(verifier);

    Files.writeString(pw, "pw-two-secret\n");
    FleetState rotated = FleetState.parse(state("pwd", pw), "state.yaml");
    assertThat(plan(rotated, fleet).values()).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
      String text = String.join("\n", r.value().lines());
      assertThat(text).contains("ALTER ROLE \"pwd_app\" WITH PASSWORD ").doesNotContain("pw-two-secret")
          .doesNotContain("SCRAM-SHA-256$");
    });
  }

  @Test
  void exclusiveDropsAnUndeclaredRoleAfterReassigningWhatItOwnsButNeverASystemOrTheConnectingRole() throws Exception {
    // a server of its own: "*" owns every role on it
    try (PgServer server = PgServers.start(ServerSpec.builder().majorVersion(16).build())) {
    admin(server, server.database(), c -> c.executeScript("CREATE ROLE ex_admin LOGIN SUPERUSER PASSWORD 'ex-admin-pw';"
        + " CREATE ROLE ex_old; CREATE ROLE ex_keep").then(c.update("CREATE DATABASE ex_db")));
    admin(server, "ex_db", c -> c.executeScript("CREATE TABLE t (i int); ALTER TABLE t OWNER TO ex_old;"
        + " GRANT SELECT ON t TO ex_keep"));
    // connect as ex_admin: the connecting role matches the pattern too
    Target asAdmin = Target.of("ex", TestClusters.spec(server).toBuilder().user("ex_admin").password("ex-admin-pw")
        .build(), Map.of());
    Fleet fleet = Fleet.create(Inventory.of(asAdmin));
    FleetState state = FleetState.parse("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: ex_keep}, {name: ex_owner}]
            exclusive: {roles: "*", reassign_owned_to: ex_owner}
        """, "exclusive.yaml");

    ClusterPlan plan = state.plan(fleet, Selector.all()).blockLast(T).value();
    assertThat(plan.lines()).contains("-- in database \"ex_db\"", "REASSIGN OWNED BY \"ex_old\" TO \"ex_owner\";",
        "DROP OWNED BY \"ex_old\";", "DROP ROLE \"ex_old\";");
    // nothing about the connecting role (ex_admin), the bootstrap superuser or the pg_ roles
    assertThat(plan.lines()).filteredOn(l -> !l.startsWith("--"))
        .allMatch(l -> l.contains("\"ex_old\"") || l.equals("CREATE ROLE \"ex_owner\";"));

    RolloutReport applied = RolloutReport.from(state.apply(fleet, Selector.all(), Rollout.builder("state-ex").build()))
        .block(T);
    assertThat(applied.status()).as(applied.toString()).isEqualTo(RolloutReport.Status.COMPLETED);
    assertThat(FleetStateIntegrationTests.<List<String>>admin(server, server.database(), c -> c.list("SELECT rolname FROM pg_roles WHERE rolname IN ('ex_old', 'ex_keep', 'ex_admin', "
        + "'pg_monitor', $1)", server.superuser()).map(rows -> rows.stream().map(r -> r.getString("rolname")).toList())))
        .containsExactlyInAnyOrder("ex_keep", "ex_admin", "pg_monitor", server.superuser());
    assertThat(FleetStateIntegrationTests.<String>admin(server, "ex_db", c -> c.scalar("SELECT tableowner::text FROM pg_tables WHERE tablename = 't'",
        String.class))).isEqualTo("ex_owner");
    StepVerifier.create(state.plan(fleet, Selector.all()).map(r -> r.outcome()))
        .expectNext(Outcome.UNCHANGED).verifyComplete();
    }
  }

  @Test
  void exclusiveGrantsRevokeWhatTheFileDoesNotDeclareAndExclusiveMembersRevokeUndeclaredMembers() throws Exception {
    for (int i = 0; i < servers.size(); i++) {
      admin(i, c -> c.executeScript("CREATE ROLE xg_reader; CREATE ROLE xg_extra; CREATE ROLE xg_group;"
          + " GRANT xg_group TO xg_reader; GRANT xg_group TO xg_extra").then(c.update("CREATE DATABASE xg_db"))
          .then(c.executeScript("GRANT CONNECT ON DATABASE xg_db TO xg_reader WITH GRANT OPTION;"
              + " GRANT CONNECT ON DATABASE xg_db TO xg_extra")));
      admin(i, "xg_db", c -> c.executeScript("CREATE SCHEMA rep; GRANT USAGE, CREATE ON SCHEMA rep TO xg_reader;"
          + " GRANT USAGE ON SCHEMA rep TO xg_extra"));
    }
    FleetState state = FleetState.parse("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: xg_group}, {name: xg_reader, member_of: [xg_group]}, {name: xg_extra}]
            databases:
              - name: xg_db
                grants:
                  - {to: xg_reader, privileges: [CONNECT]}
                  - {to: public, privileges: [CONNECT]}
                schemas:
                  - name: rep
                    grants: [{to: xg_reader, privileges: [USAGE]}]
            exclusive: {grants: true, members: [xg_group]}
        """, "exclusive-grants.yaml");
    Fleet fleet = Fleet.create(inventory());

    Map<String, ClusterResult<ClusterPlan>> plans = plan(state, fleet);
    assertThat(plans.values()).allSatisfy(r -> {
      assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(r.value().lines()).contains(
          "REVOKE GRANT OPTION FOR CONNECT ON DATABASE \"xg_db\" FROM \"xg_reader\";",
          "REVOKE CONNECT ON DATABASE \"xg_db\" FROM \"xg_extra\";",
          "REVOKE TEMPORARY ON DATABASE \"xg_db\" FROM PUBLIC;",
          "REVOKE CREATE ON SCHEMA \"rep\" FROM \"xg_reader\";",
          "REVOKE USAGE ON SCHEMA \"rep\" FROM \"xg_extra\";",
          "REVOKE \"xg_group\" FROM \"xg_extra\";");
      // what the file declares stays, and nothing is dropped (exclusive names no role pattern)
      assertThat(r.value().lines()).noneMatch(l -> l.startsWith("DROP") || l.startsWith("REVOKE CONNECT ON DATABASE")
          && l.endsWith("FROM \"xg_reader\";") || l.endsWith("FROM \"xg_reader\";") && l.contains("USAGE"));
    });

    RolloutReport applied = RolloutReport.from(state.apply(fleet, Selector.all(), Rollout.builder("state-xg").build()))
        .block(T);
    assertThat(applied.status()).as(applied.toString()).isEqualTo(RolloutReport.Status.COMPLETED);
    for (int i = 0; i < servers.size(); i++) {
      assertThat(FleetStateIntegrationTests.<String>admin(i, c -> c.scalar("SELECT concat_ws(',',"
          + " has_database_privilege('xg_reader', 'xg_db', 'CONNECT'),"
          + " has_database_privilege('xg_reader', 'xg_db', 'CONNECT WITH GRANT OPTION'),"
          + " has_database_privilege('xg_extra', 'xg_db', 'TEMPORARY'),"
          + " pg_has_role('xg_reader', 'xg_group', 'MEMBER'), pg_has_role('xg_extra', 'xg_group', 'MEMBER'),"
          + " (SELECT count(*) FROM pg_roles WHERE rolname = 'xg_extra'))", String.class)))
          .as("server %d", i).isEqualTo("t,f,f,t,f,1");
      assertThat(FleetStateIntegrationTests.<String>admin(i, "xg_db", c -> c.scalar("SELECT concat_ws(',',"
          + " has_schema_privilege('xg_reader', 'rep', 'USAGE'), has_schema_privilege('xg_reader', 'rep', 'CREATE'),"
          + " has_schema_privilege('xg_extra', 'rep', 'USAGE'))", String.class)))
          .as("server %d", i).isEqualTo("t,f,f");
    }
    assertThat(plan(state, fleet).values()).allSatisfy(r -> assertThat(r.outcome()).as(r.toString())
        .isEqualTo(Outcome.UNCHANGED));
  }

  @Test
  void aPlanOf200TargetsRunsInOnePassAndGroupsIdenticalPlans() throws Exception {
    FleetState state = FleetState.parse("""
        apiVersion: pgmob/v1
        blocks:
          - roles: [{name: big_reader}, {name: big_app, login: true, member_of: [big_reader]}]
            databases:
              - name: postgres
                grants: [{to: big_reader, privileges: [CONNECT]}]
        """, "big.yaml");
    List<TcpProxy> proxies = servers.stream().map(TcpProxy::start).toList();
    try {
      List<Target> targets = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        TcpProxy proxy = proxies.get(i % proxies.size());
        targets.add(Target.of(String.format("big-%03d", i), TestClusters.spec(servers.get(i % proxies.size()))
            .toBuilder().host(proxy.host()).port(proxy.port()).database("postgres").build(), Map.of()));
      }
      Fleet fleet = Fleet.create(Inventory.of(targets));
      Map<String, ClusterResult<ClusterPlan>> plans = plan(state, fleet);

      assertThat(plans).hasSize(200);
      assertThat(plans.values()).allSatisfy(r -> assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.SUCCEEDED));
      PlanSummary summary = PlanSummary.of(plans.values());
      assertThat(summary.groups()).singleElement().satisfies(g -> {
        assertThat(g.clusters()).hasSize(200);
        assertThat(g.lines()).contains("CREATE ROLE \"big_reader\";",
            "GRANT CONNECT ON DATABASE \"postgres\" TO \"big_reader\";");
      });
      long startups = proxies.stream().mapToLong(p -> p.frontendMessages().startups()).sum();
      long roundTrips = proxies.stream().mapToLong(p -> p.frontendMessages().roundTrips()).sum();
      System.out.println("state plan of 200 targets: " + startups + " sessions, " + roundTrips + " round trips ("
          + roundTrips / 200.0 + " per target)");
      assertThat(startups).as("one session per target: one pass, no retry").isEqualTo(200);
      assertThat(roundTrips).as("round trips per target are bounded").isLessThanOrEqualTo(200 * 12);
    } finally {
      proxies.forEach(TcpProxy::close);
    }
  }

  @Test
  void planReadsEachClusterInABoundedNumberOfRoundTripsWhateverTheNumberOfObjects() throws Exception {
    Path pw = dir.resolve("app.pw");
    Files.writeString(pw, "rt-secret\n");
    StringBuilder many = new StringBuilder(state("rt", pw));
    many.append("  - roles:\n");
    for (int i = 0; i < 40; i++) {
      many.append("      - {name: rt_extra_").append(i).append(", member_of: [rt_reader]}\n");
    }
    FleetState state = FleetState.parse(many.toString(), "state.yaml");
    try (TcpProxy proxy = TcpProxy.start(servers.get(0))) {
      Target t = Target.of("rt", TestClusters.spec(servers.get(0)).toBuilder().host(proxy.host()).port(proxy.port())
          .build(), Map.of("env", "prod"));
      Fleet fleet = Fleet.create(Inventory.of(t));
      RolloutReport applied = RolloutReport.from(state.apply(fleet, Selector.all(), Rollout.builder("state-rt").build()))
          .block(T);
      assertThat(applied.status()).as(applied.toString()).isEqualTo(RolloutReport.Status.COMPLETED);

      proxy.frontendMessages().reset();
      ClusterResult<ClusterPlan> r = state.plan(fleet, Selector.all()).blockLast(T);
      assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.UNCHANGED);
      long roundTrips = proxy.frontendMessages().roundTrips();
      long startups = proxy.frontendMessages().startups();
      System.out.println("state plan of one cluster (42 roles, 1 database with 1 schema): " + roundTrips
          + " round trips, " + startups + " sessions");
      // the target's session and one to the declared database; catalog reads do not grow with the roles
      assertThat(startups).isEqualTo(2);
      assertThat(roundTrips).isLessThanOrEqualTo(12);
    }
  }
}
