package io.pgmob.privilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.managed.EnsureResult;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@PgTest
class PrivilegeIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);

  private static void setUp(Cluster c) {
    tearDown(c);
    c.executeScript("CREATE ROLE pt_reader; CREATE ROLE \"pt we\"\"ird\"; CREATE SCHEMA pt_s; "
        + "CREATE TABLE pt_s.t1 (i int); CREATE TABLE pt_s.t2 (i int); CREATE VIEW pt_s.v AS SELECT 1 AS x; "
        + "CREATE SEQUENCE pt_s.seq; CREATE FUNCTION pt_s.f(integer, text) RETURNS int LANGUAGE sql AS 'SELECT 1'")
        .block(T);
  }

  private static void tearDown(Cluster c) {
    c.executeScript("DROP SCHEMA IF EXISTS pt_s CASCADE; "
        + "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pt_reader') THEN "
        + "EXECUTE 'DROP OWNED BY pt_reader'; DROP ROLE pt_reader; END IF; "
        + "IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pt we\"ird') THEN "
        + "EXECUTE 'DROP OWNED BY \"pt we\"\"ird\"'; DROP ROLE \"pt we\"\"ird\"; END IF; END $$").block(T);
  }

  private static ObjectAcl acl(Cluster c, PrivilegeTarget t) {
    return c.privileges().list(t).blockFirst(T);
  }

  @PgMatrix
  void grantsOnEveryObjectTypeShowInTheAclAndRevokeRemovesThem(Cluster cluster) {
    setUp(cluster);
    try {
      Privileges p = cluster.privileges();
      String db = cluster.currentDatabase();
      List<Grant> grants = List.of(
          Grant.of(PrivilegeTarget.database(db), "pt_reader", Privilege.CONNECT, Privilege.TEMPORARY),
          Grant.of(PrivilegeTarget.schema("pt_s"), "pt_reader", Privilege.USAGE).withGrantOption(),
          Grant.of(PrivilegeTarget.table("pt_s", "t1"), "pt_reader", Privilege.SELECT, Privilege.INSERT),
          Grant.of(PrivilegeTarget.sequence("pt_s", "seq"), "pt_reader", Privilege.USAGE),
          Grant.of(PrivilegeTarget.function("pt_s", "f", "int", "text"), "pt_reader", Privilege.EXECUTE),
          Grant.of(PrivilegeTarget.table("pt_s", "t2"), "pt we\"ird", Privilege.UPDATE).withGrantOption());
      for (Grant g : grants) {
        assertThat(p.grant(g).block(T)).hasSize(1);
        ObjectAcl acl = acl(cluster, g.target());
        assertThat(acl.privilegesOf(g.grantee(), false)).as(g.target().describe()).containsAll(g.privileges());
        assertThat(acl.privilegesOf(g.grantee(), true)).as(g.target().describe())
            .isEqualTo(g.grantOption() ? g.privileges() : java.util.Set.of());
      }
      assertThat(acl(cluster, PrivilegeTarget.function("pt_s", "f", "integer", "text")).name())
          .isEqualTo("pt_s.f(integer,text)");
      assertThat(acl(cluster, PrivilegeTarget.table("pt_s", "t1")).owner()).isEqualTo(cluster.currentUser());
      // the server really applies them
      assertThat(cluster.scalar("SELECT has_table_privilege('pt_reader', 'pt_s.t1', 'INSERT')", Boolean.class).block(T))
          .isTrue();

      // revoking with grant option takes only the option away
      Grant schemaGrant = grants.get(1);
      p.revoke(schemaGrant).block(T);
      assertThat(acl(cluster, schemaGrant.target()).privilegesOf("pt_reader", true)).isEmpty();
      assertThat(acl(cluster, schemaGrant.target()).privilegesOf("pt_reader", false)).containsExactly(Privilege.USAGE);

      for (Grant withOption : grants) {
        Grant g = new Grant(withOption.target(), withOption.grantee(), withOption.privileges(), false);
        p.revoke(g).block(T);
        assertThat(acl(cluster, g.target()).privilegesOf(g.grantee(), false)).as(g.target().describe())
            .doesNotContainAnyElementsOf(g.privileges());
      }
      // revoking what was never granted is a no-op
      assertThat(p.revoke(grants.get(2)).block(T)).hasSize(1);
    } finally {
      tearDown(cluster);
    }
  }

  @Test
  void aRoleNamedPublicInAnotherCaseIsThatRoleAndNeverEveryRole(Cluster cluster) {
    setUp(cluster);
    cluster.executeScript("DROP ROLE IF EXISTS \"Public\"; CREATE ROLE \"Public\"").block(T);
    try {
      Privileges p = cluster.privileges();
      PrivilegeTarget t1 = PrivilegeTarget.table("pt_s", "t1");
      Grant toRole = Grant.of(t1, "Public", Privilege.SELECT);
      assertThat(toRole.isPublic()).isFalse();
      assertThat(p.ensure(toRole).block(T).changed()).isTrue();
      assertThat(cluster.scalar("SELECT has_table_privilege('Public', 'pt_s.t1', 'SELECT')", Boolean.class).block(T))
          .isTrue();
      assertThat(cluster.scalar("SELECT has_table_privilege('pt_reader', 'pt_s.t1', 'SELECT')", Boolean.class).block(T))
          .as("every other role").isFalse();
      assertThat(acl(cluster, t1).privilegesOf("Public", false)).containsExactly(Privilege.SELECT);
      assertThat(acl(cluster, t1).privilegesOf(Grant.PUBLIC, false)).isEmpty();
      p.revoke(toRole).block(T);

      // both spellings of the pseudo-role reach every role
      for (String every : List.of("PUBLIC", "public")) {
        Grant g = Grant.of(PrivilegeTarget.table("pt_s", "t2"), every, Privilege.SELECT);
        assertThat(g.isPublic()).isTrue();
        p.grant(g).block(T);
        assertThat(cluster.scalar("SELECT has_table_privilege('pt_reader', 'pt_s.t2', 'SELECT')", Boolean.class).block(T))
            .as(every).isTrue();
        p.revoke(g).block(T);
        assertThat(cluster.scalar("SELECT has_table_privilege('pt_reader', 'pt_s.t2', 'SELECT')", Boolean.class).block(T))
            .as(every).isFalse();
      }
    } finally {
      cluster.executeScript("DROP OWNED BY \"Public\"; DROP ROLE \"Public\"").block(T);
      tearDown(cluster);
    }
  }

  @Test
  void ensureGrantsOnlyWhatIsMissingAndReportsNothingOnASecondRun(Cluster cluster) {
    setUp(cluster);
    try {
      Privileges p = cluster.privileges();
      Grant all = Grant.of(PrivilegeTarget.allTablesInSchema("pt_s"), "pt_reader", Privilege.SELECT);
      p.grant(Grant.of(PrivilegeTarget.table("pt_s", "t1"), "pt_reader", Privilege.SELECT)).block(T);
      EnsureResult<Grant> first = p.ensure(all).block(T);
      assertThat(first.changed()).isTrue();
      assertThat(first.applied().get(0).statement())
          .isEqualTo("GRANT SELECT ON ALL TABLES IN SCHEMA \"pt_s\" TO \"pt_reader\"");
      assertThat(p.list(all.target()).collectList().block(T))
          .extracting(ObjectAcl::name).containsExactly("pt_s.t1", "pt_s.t2", "pt_s.v");
      assertThat(p.list(all.target()).collectList().block(T))
          .allSatisfy(a -> assertThat(a.privilegesOf("pt_reader", false)).contains(Privilege.SELECT));
      assertThat(p.ensure(all).block(T).changed()).isFalse();

      Grant t1 = Grant.of(PrivilegeTarget.table("pt_s", "t1"), "pt_reader", Privilege.SELECT, Privilege.UPDATE);
      EnsureResult<Grant> partial = p.ensure(t1).block(T);
      assertThat(partial.applied()).extracting(c -> c.statement())
          .containsExactly("GRANT UPDATE ON TABLE \"pt_s\".\"t1\" TO \"pt_reader\"");
      assertThat(p.ensure(t1).block(T).changed()).isFalse();
      assertThat(p.ensure(t1.withGrantOption()).block(T).changed()).isTrue();
      assertThat(p.ensure(t1.withGrantOption()).block(T).changed()).isFalse();

      assertThat(p.ensureRevoked(Grant.of(PrivilegeTarget.table("pt_s", "t1"), "pt_reader", Privilege.DELETE))
          .block(T).changed()).isFalse();
      assertThat(p.ensureRevoked(t1).block(T).descriptions())
          .containsExactly("revoke SELECT, UPDATE on table \"pt_s\".\"t1\" from \"pt_reader\"");
      assertThat(p.ensureRevoked(t1).block(T).changed()).isFalse();

      Grant pub = Grant.of(PrivilegeTarget.schema("pt_s"), "PUBLIC", Privilege.USAGE);
      assertThat(p.ensure(pub).block(T).changed()).isTrue();
      assertThat(acl(cluster, pub.target()).acl()).anySatisfy(i -> {
        assertThat(i.isPublic()).isTrue();
        assertThat(i.privileges()).contains(Privilege.USAGE);
      });
      assertThat(p.ensure(pub).block(T).changed()).isFalse();
      p.revoke(pub).block(T);
    } finally {
      tearDown(cluster);
    }
  }

  @Test
  void unknownObjectsAndRolesAreClearErrors(Cluster cluster) {
    setUp(cluster);
    try {
      Privileges p = cluster.privileges();
      assertThatThrownBy(() -> p.ensure(Grant.of(PrivilegeTarget.table("pt_s", "nope"), "pt_reader", Privilege.SELECT))
          .block(T)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("table \"pt_s.nope\" does not exist");
      assertThatThrownBy(() -> p.ensure(Grant.of(PrivilegeTarget.table("pt_s", "t1"), "pt_nobody", Privilege.SELECT))
          .block(T)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("role \"pt_nobody\"");
      assertThatThrownBy(() -> p.grant(Grant.of(PrivilegeTarget.function("pt_s", "f", "bigint"), "pt_reader",
          Privilege.EXECUTE)).block(T)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("function \"pt_s.f(bigint)\" does not exist");
    } finally {
      tearDown(cluster);
    }
  }

  @PgMatrix
  void defaultPrivilegesApplyToNewObjectsAndEnsureIsIdempotent(Cluster cluster) {
    setUp(cluster);
    try {
      Privileges p = cluster.privileges();
      DefaultPrivilege d = DefaultPrivilege.of(DefaultObjectType.TABLES, "pt_reader", Privilege.SELECT)
          .inSchema("pt_s");
      EnsureResult<DefaultPrivilege> first = p.ensureDefault(d).block(T);
      assertThat(first.applied()).extracting(c -> c.statement())
          .containsExactly("ALTER DEFAULT PRIVILEGES IN SCHEMA \"pt_s\" GRANT SELECT ON TABLES TO \"pt_reader\"");
      assertThat(p.ensureDefault(d).block(T).changed()).isFalse();
      assertThat(p.defaults().collectList().block(T)).anySatisfy(a -> {
        assertThat(a.schema()).isEqualTo("pt_s");
        assertThat(a.role()).isEqualTo(cluster.currentUser());
        assertThat(a.objectType()).isEqualTo(DefaultObjectType.TABLES);
        assertThat(a.acl()).anySatisfy(i -> assertThat(i.grantee()).isEqualTo("pt_reader"));
      });
      cluster.update("CREATE TABLE pt_s.t3 (i int)").block(T);
      assertThat(acl(cluster, PrivilegeTarget.table("pt_s", "t3")).privilegesOf("pt_reader", false))
          .containsExactly(Privilege.SELECT);

      DefaultPrivilege fn = DefaultPrivilege.of(DefaultObjectType.FUNCTIONS, "pt we\"ird", Privilege.EXECUTE)
          .forRole(cluster.currentUser());
      assertThat(p.ensureDefault(fn).block(T).changed()).isTrue();
      assertThat(p.ensureDefault(fn).block(T).changed()).isFalse();
      p.revokeDefault(fn).block(T);
      p.revokeDefault(d).block(T);
      assertThat(p.defaults().filter(a -> "pt_s".equals(a.schema())).collectList().block(T)).isEmpty();
    } finally {
      tearDown(cluster);
    }
  }

  @Test
  void concurrentEnsureOnOneObjectFromManySessionsNeverCollides(PgServer server, Cluster cluster) {
    setUp(cluster);
    List<Cluster> sessions = Flux.range(0, 4).flatMap(i -> Cluster.connect(TestClusters.spec(server))).collectList()
        .block(T);
    try {
      List<Mono<EnsureResult<Grant>>> calls = new java.util.ArrayList<>();
      Privilege[] each = {Privilege.SELECT, Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE};
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < sessions.size(); i++) {
          calls.add(sessions.get(i).privileges()
              .ensure(Grant.of(PrivilegeTarget.table("pt_s", "t1"), "pt_reader", each[i])));
          calls.add(sessions.get(i).privileges()
              .ensure(Grant.of(PrivilegeTarget.schema("pt_s"), "pt_reader", Privilege.USAGE)));
        }
      }
      List<EnsureResult<Grant>> results = Flux.merge(calls).collectList().block(T);
      assertThat(results).hasSize(24);
      assertThat(results).filteredOn(EnsureResult::changed).hasSize(5);
      assertThat(acl(cluster, PrivilegeTarget.table("pt_s", "t1")).privilegesOf("pt_reader", false))
          .containsExactlyInAnyOrder(each);
    } finally {
      sessions.forEach(s -> s.close().block(T));
      tearDown(cluster);
    }
  }
}
