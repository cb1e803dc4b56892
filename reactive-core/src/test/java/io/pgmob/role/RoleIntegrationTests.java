package io.pgmob.role;

import io.pgmob.managed.EnsureResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.password.Password;
import io.pgmob.password.ScramVerifier;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@PgTest
class RoleIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);

  private static void cleanup(Cluster c, String... roles) {
    for (String r : roles) {
      c.update("DROP ROLE IF EXISTS " + io.pgmob.sql.Identifier.of(r).text()).block(T);
    }
  }

  private static void canLogIn(PgServer server, String role, String password) {
    Cluster c = Cluster.connect(TestClusters.spec(server).withUser(role, password)).block(T);
    try {
      assertThat(c.currentUser()).isEqualTo(role);
    } finally {
      c.close().block(T);
    }
  }

  @PgMatrix
  void ensureCreatesEveryAttributeThenReportsNothingOnASecondRun(PgServer server, Cluster cluster) {
    String name = "rt_app";
    cleanup(cluster, name, "rt_readers", "rt_admins");
    try {
      cluster.update("CREATE ROLE rt_readers").block(T);
      cluster.update("CREATE ROLE rt_admins").block(T);
      Instant until = Instant.parse("2031-02-03T04:05:06.123456Z");
      RoleSpec spec = RoleSpec.named(name).login(true).createDb(true).createRole(true).inherit(false)
          .replication(true).bypassRls(true).connectionLimit(7).validUntil(until)
          .password(Password.plain("first-Secret"))
          .memberOf("rt_readers").memberOf("rt_admins", true)
          .setting("search_path", "app", "public").setting("work_mem", "8MB")
          .comment("the app's role");

      EnsureResult<Role> first = cluster.roles().ensure(spec).block(T);
      assertThat(first.created()).isTrue();
      assertThat(first.changed()).isTrue();
      assertThat(first.applied()).extracting(c -> c.statement()).allSatisfy(s -> assertThat(s).doesNotContain("first-Secret"));
      Role r = first.object();
      assertThat(r.login()).isTrue();
      assertThat(r.createDb()).isTrue();
      assertThat(r.createRole()).isTrue();
      assertThat(r.inherit()).isFalse();
      assertThat(r.replication()).isTrue();
      assertThat(r.bypassRls()).isTrue();
      assertThat(r.superuser()).isFalse();
      assertThat(r.connectionLimit()).isEqualTo(7);
      assertThat(r.validUntil()).isEqualTo(until);
      assertThat(r.settings()).containsEntry("search_path", "app, public").containsEntry("work_mem", "8MB");
      assertThat(r.comment()).isEqualTo("the app's role");
      assertThat(r.memberOf()).extracting(Membership::role).containsExactlyInAnyOrder("rt_readers", "rt_admins");
      assertThat(r.membershipIn("rt_admins").orElseThrow().adminOption()).isTrue();
      assertThat(r.membershipIn("rt_readers").orElseThrow().adminOption()).isFalse();
      canLogIn(server, name, "first-Secret");

      EnsureResult<Role> second = cluster.roles().ensure(spec).block(T);
      assertThat(second.created()).isFalse();
      assertThat(second.applied()).isEmpty();
      assertThat(second.object()).isEqualTo(r);

      // only what differs changes
      EnsureResult<Role> third = cluster.roles().ensure(spec.connectionLimit(9).memberOf("rt_admins", false)).block(T);
      assertThat(third.descriptions()).containsExactly(
          "set CONNECTION LIMIT 9 on role \"rt_app\"", "revoke admin option on role \"rt_admins\" from \"rt_app\"");
      assertThat(third.object().membershipIn("rt_admins").orElseThrow().adminOption()).isFalse();

      // the cached collection sees it
      assertThat(cluster.roles().contains(name).block(T)).isTrue();
      assertThat(cluster.roles().get(name).block(T).connectionLimit()).isEqualTo(9);
    } finally {
      cleanup(cluster, name, "rt_readers", "rt_admins");
    }
  }

  @Test
  void collectionIsCachedUntilRefresh(Cluster cluster) {
    cleanup(cluster, "rt_cache");
    try {
      assertThat(cluster.roles().contains("rt_cache").block(T)).isFalse();
      cluster.update("CREATE ROLE rt_cache").block(T);
      assertThat(cluster.roles().contains("rt_cache").block(T)).isFalse();
      cluster.roles().refresh().block(T);
      assertThat(cluster.roles().contains("rt_cache").block(T)).isTrue();
      assertThat(cluster.roles().all().map(Role::name).collectList().block(T)).contains("rt_cache", "postgres");
      assertThatThrownBy(() -> cluster.roles().get("rt_no_such_role").block(T))
          .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("role \"rt_no_such_role\" does not exist");
    } finally {
      cleanup(cluster, "rt_cache");
    }
  }

  @Test
  void alterationIsAPrintablePlanAppliedAllOrNothing(Cluster cluster) {
    cleanup(cluster, "rt_alter");
    try {
      Role role = cluster.roles().create(RoleSpec.named("rt_alter")).block(T);
      RoleAlteration a = role.alter().login(true).connectionLimit(3).password(Password.plain("pl4in-text"))
          .set("statement_timeout", "5s").comment("x");
      String plan = a.plan().toString();
      assertThat(plan).contains("ALTER ROLE \"rt_alter\" WITH LOGIN;", "ALTER ROLE \"rt_alter\" WITH CONNECTION LIMIT 3;",
          "ALTER ROLE \"rt_alter\" WITH PASSWORD '***';", "ALTER ROLE \"rt_alter\" SET \"statement_timeout\" = '5s';")
          .doesNotContain("pl4in-text").doesNotContain("SCRAM-SHA-256$");
      assertThat(a.toString()).doesNotContain("SCRAM-SHA-256$");
      assertThat(role.login()).isFalse(); // nothing ran yet

      // a failing statement rolls back everything before it
      assertThatThrownBy(() -> a.grantMembership("rt_no_such_group", false).apply().block(T))
          .hasMessageContaining("rt_no_such_group")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pl4in-text").doesNotContain("SCRAM-SHA-256$"));
      Role unchanged = role.refresh().block(T);
      assertThat(unchanged.login()).isFalse();
      assertThat(unchanged.connectionLimit()).isEqualTo(-1);

      Role altered = a.apply().block(T);
      assertThat(altered.login()).isTrue();
      assertThat(altered.connectionLimit()).isEqualTo(3);
      assertThat(altered.settings()).containsEntry("statement_timeout", "5s");
      assertThat(altered.comment()).isEqualTo("x");
      Role reset = altered.alter().reset("statement_timeout").comment(null).validUntil(Instant.MAX).apply().block(T);
      assertThat(reset.settings()).doesNotContainKey("statement_timeout");
      assertThat(reset.comment()).isNull();
      assertThat(reset.validUntil()).isEqualTo(Instant.MAX);
    } finally {
      cleanup(cluster, "rt_alter");
    }
  }

  @Test
  void passwordRotationIsIdempotentAndTheRoleCanLogIn(PgServer server, Cluster cluster) {
    cleanup(cluster, "rt_pw");
    try {
      Role role = cluster.roles().create(RoleSpec.named("rt_pw").login(true).password(Password.plain("one-1"))).block(T);
      canLogIn(server, "rt_pw", "one-1");
      String stored = cluster.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = 'rt_pw'", String.class).block(T);
      assertThat(stored).startsWith("SCRAM-SHA-256$4096:");
      assertThat(ScramVerifier.parse(stored).salt()).hasSize(16);

      EnsureResult<Role> same = role.ensurePassword(Password.plain("one-1")).block(T);
      assertThat(same.changed()).isFalse();
      EnsureResult<Role> rotated = role.ensurePassword(Password.plain("two-2")).block(T);
      assertThat(rotated.descriptions()).containsExactly("set the password of role \"rt_pw\"");
      canLogIn(server, "rt_pw", "two-2");
      assertThatThrownBy(() -> canLogIn(server, "rt_pw", "one-1")).isInstanceOf(AuthenticationFailedException.class);
      assertThat(role.ensurePassword(Password.plain("two-2")).block(T).changed()).isFalse();

      // a verifier made elsewhere is passed through as is, and works for its plaintext
      ScramVerifier v = ScramVerifier.compute("three-3");
      role.changePassword(Password.hashed(v.text())).block(T);
      assertThat(cluster.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = 'rt_pw'", String.class).block(T))
          .isEqualTo(v.text());
      canLogIn(server, "rt_pw", "three-3");
      assertThat(role.ensurePassword(Password.plain("three-3")).block(T).changed()).isFalse();

      // a malformed hash is refused before anything is sent
      assertThatThrownBy(() -> Password.hashed("SCRAM-SHA-256$4096:bad")).isInstanceOf(InvalidInputException.class);
      canLogIn(server, "rt_pw", "three-3");

      // a password SASLprep maps (non-ASCII, mapped-to-nothing characters) is hashed as the server hashes it
      role.changePassword(Password.plain("p\u00E4ss\u00ADw\u00F6rd")).block(T);
      canLogIn(server, "rt_pw", "p\u00E4ss\u00ADw\u00F6rd");
      canLogIn(server, "rt_pw", "p\u00E4ssw\u00F6rd");
    } finally {
      cleanup(cluster, "rt_pw");
    }
  }

  @Test
  void withoutSuperuserThePasswordCannotBeComparedSoItIsSetAndSaidSo(PgServer server, Cluster cluster) {
    cleanup(cluster, "rt_self");
    try {
      cluster.roles().create(RoleSpec.named("rt_self").login(true).password(Password.plain("mine-1"))).block(T);
      Cluster self = Cluster.connect(TestClusters.spec(server).withUser("rt_self", "mine-1")).block(T);
      try {
        assertThat(self.isSuperuser()).isFalse();
        Role me = self.roles().get("rt_self").block(T);
        EnsureResult<Role> r = me.ensurePassword(Password.plain("mine-2")).block(T);
        assertThat(r.changed()).isTrue();
        assertThat(r.descriptions().get(0)).contains("cannot be read without superuser");
        // script works without superuser: it reads pg_roles only
        assertThat(me.script().block(T)).startsWith("CREATE ROLE \"rt_self\" WITH NOSUPERUSER");
      } finally {
        self.close().block(T);
      }
      canLogIn(server, "rt_self", "mine-2");
    } finally {
      cleanup(cluster, "rt_self");
    }
  }

  @PgMatrix
  void scriptRecreatesTheRoleUnderAnotherName(Cluster cluster) {
    cleanup(cluster, "rt_orig", "rt_clone", "rt_grp");
    try {
      cluster.update("CREATE ROLE rt_grp").block(T);
      Role orig = cluster.roles().create(RoleSpec.named("rt_orig").login(true).createDb(true).connectionLimit(4)
          .validUntil(Instant.parse("2030-01-01T00:00:00Z")).setting("search_path", "my app", "public")
          .comment("it's mine").memberOf("rt_grp", true)).block(T);
      String script = orig.script("rt_clone").block(T);
      assertThat(script).doesNotContain("PASSWORD");
      cluster.executeScript(script).block(T);
      Role clone = cluster.roles().reload("rt_clone").block(T);
      assertThat(clone.name()).isEqualTo("rt_clone");
      assertThat(clone.login()).isEqualTo(orig.login());
      assertThat(clone.createDb()).isTrue();
      assertThat(clone.connectionLimit()).isEqualTo(4);
      assertThat(clone.validUntil()).isEqualTo(orig.validUntil());
      assertThat(clone.settings()).isEqualTo(orig.settings());
      assertThat(clone.comment()).isEqualTo("it's mine");
      assertThat(clone.memberOf()).extracting(Membership::role, Membership::adminOption)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("rt_grp", true));
    } finally {
      cleanup(cluster, "rt_orig", "rt_clone", "rt_grp");
    }
  }

  @Test
  void namesWithQuotesAndUnicodeWorkExactly(PgServer server, Cluster cluster) {
    String odd = "we\"ird 'name' é";
    String renamed = "Renamed \"Role\"";
    cleanup(cluster, odd, renamed);
    try {
      Role r = cluster.roles().ensure(RoleSpec.named(odd).login(true).password(Password.plain("q'uote\"d\\pw")))
          .block(T).object();
      assertThat(r.name()).isEqualTo(odd);
      canLogIn(server, odd, "q'uote\"d\\pw");
      Role r2 = r.rename(renamed).block(T);
      assertThat(r2.name()).isEqualTo(renamed);
      assertThat(cluster.roles().contains(odd).block(T)).isFalse();
      canLogIn(server, renamed, "q'uote\"d\\pw"); // a SCRAM verifier survives a rename
      r2.drop().block(T);
      assertThat(cluster.roles().contains(renamed).block(T)).isFalse();
    } finally {
      cleanup(cluster, odd, renamed);
    }
  }

  @Test
  void badInputIsRefusedWithClearErrors(Cluster cluster) {
    assertThatThrownBy(() -> cluster.roles().ensure(RoleSpec.named("x".repeat(64))).block(T))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("63");
    assertThatThrownBy(() -> cluster.roles().ensure(RoleSpec.named("rt_bad").memberOf("rt_no_such_group")).block(T))
        .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("rt_no_such_group");
    assertThat(cluster.roles().refresh().then(cluster.roles().contains("rt_bad")).block(T)).isFalse(); // nothing half-applied
    assertThatThrownBy(() -> cluster.roles().drop("rt_no_such_role").block(T))
        .isInstanceOf(ObjectNotFoundException.class);
    cleanup(cluster, "rt_dup");
    try {
      cluster.roles().create(RoleSpec.named("rt_dup")).block(T);
      assertThatThrownBy(() -> cluster.roles().create(RoleSpec.named("rt_dup")).block(T))
          .hasMessageContaining("already exists");
    } finally {
      cleanup(cluster, "rt_dup");
    }
  }

  @Test
  void membershipsAreGrantedListedAndRevoked(Cluster cluster) {
    cleanup(cluster, "rt_m", "rt_g1", "rt_g2");
    try {
      cluster.update("CREATE ROLE rt_g1").block(T);
      cluster.update("CREATE ROLE rt_g2").block(T);
      Role m = cluster.roles().create(RoleSpec.named("rt_m")).block(T);
      m = m.grantMembership("rt_g1", true).block(T);
      m = m.grantMembership("rt_g2", false).block(T);
      assertThat(m.memberOf()).extracting(Membership::role, Membership::adminOption, Membership::member)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("rt_g1", true, "rt_m"),
              org.assertj.core.groups.Tuple.tuple("rt_g2", false, "rt_m"));
      m = m.alter().revokeAdminOption("rt_g1").apply().block(T);
      assertThat(m.membershipIn("rt_g1").orElseThrow().adminOption()).isFalse();
      m = m.revokeMembership("rt_g2").block(T);
      assertThat(m.isMemberOf("rt_g2")).isFalse();
      // revoking what was never granted is a no-op
      m = m.revokeMembership("rt_g2").block(T);
      assertThat(m.memberOf()).extracting(Membership::role).containsExactly("rt_g1");
    } finally {
      cleanup(cluster, "rt_m", "rt_g1", "rt_g2");
    }
  }

  @Test
  void droppingARoleThatOwnsObjectsFailsClearlyOrReassignsInEveryDatabase(PgServer server, Cluster cluster) {
    cleanup(cluster, "rt_owner", "rt_heir");
    cluster.update("DROP DATABASE IF EXISTS rt_db2").block(T);
    try {
      cluster.roles().create(RoleSpec.named("rt_owner")).block(T);
      cluster.roles().create(RoleSpec.named("rt_heir")).block(T);
      cluster.update("CREATE DATABASE rt_db2").block(T);
      Cluster db2 = TestClusters.connect(server, "rt_db2");
      try {
        db2.update("CREATE TABLE rt_t2 (i int)").block(T);
        db2.update("ALTER TABLE rt_t2 OWNER TO rt_owner").block(T);
        db2.update("GRANT SELECT ON rt_t2 TO rt_heir").block(T);
        cluster.update("CREATE TABLE rt_t1 (i int)").block(T);
        cluster.update("ALTER TABLE rt_t1 OWNER TO rt_owner").block(T);

        assertThatThrownBy(() -> cluster.roles().drop("rt_owner").block(T))
            .isInstanceOf(RoleInUseException.class)
            .hasMessageContaining("cannot be dropped because objects depend on it")
            .hasMessageContaining("reassignOwnedTo");
        assertThat(cluster.roles().refresh().then(cluster.roles().contains("rt_owner")).block(T)).isTrue();

        cluster.roles().drop("rt_owner", DropRoleOptions.reassignOwnedTo("rt_heir")).block(T);
        assertThat(cluster.roles().contains("rt_owner").block(T)).isFalse();
        assertThat(cluster.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'rt_t1'", String.class).block(T))
            .isEqualTo("rt_heir");
        assertThat(db2.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'rt_t2'", String.class).block(T))
            .isEqualTo("rt_heir");
      } finally {
        db2.close().block(T);
      }
    } finally {
      cluster.update("DROP TABLE IF EXISTS rt_t1").block(T);
      cluster.update("DROP DATABASE IF EXISTS rt_db2").block(T);
      cleanup(cluster, "rt_owner", "rt_heir");
    }
  }

  @Test
  void concurrentEnsureCallsConvergeWithoutErrors(PgServer server, Cluster cluster) {
    cleanup(cluster, "rt_conc", "rt_conc_g");
    List<Cluster> others = Flux.range(0, 3).flatMap(i -> Cluster.connect(TestClusters.spec(server))).collectList().block(T);
    try {
      cluster.update("CREATE ROLE rt_conc_g").block(T);
      RoleSpec spec = RoleSpec.named("rt_conc").login(true).connectionLimit(3).memberOf("rt_conc_g")
          .setting("work_mem", "4MB").password(Password.plain("conc-pw"));
      List<Mono<EnsureResult<Role>>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(cluster.roles().ensure(spec)); // the same session
      }
      for (Cluster o : others) {
        calls.add(o.roles().ensure(spec)); // other sessions on the same server
        calls.add(o.roles().ensure(spec.comment("c")));
      }
      List<EnsureResult<Role>> results = Flux.merge(calls).collectList().block(T);
      assertThat(results).hasSize(9);
      assertThat(results).filteredOn(EnsureResult::created).hasSize(1);
      assertThat(cluster.roles().reload("rt_conc").block(T).connectionLimit()).isEqualTo(3);
    } finally {
      others.forEach(o -> o.close().block(T));
      cleanup(cluster, "rt_conc", "rt_conc_g");
    }
  }

  @Test
  void dropOwnedObjectsDropsWhatTheRoleOwnsAndItsPrivilegesFirst(Cluster cluster) {
    cleanup(cluster, "rt_doomed");
    try {
      cluster.roles().create(RoleSpec.named("rt_doomed")).block(T);
      cluster.executeScript("CREATE TABLE rt_doomed_t (i int); ALTER TABLE rt_doomed_t OWNER TO rt_doomed; "
          + "CREATE TABLE rt_kept_t (i int); GRANT SELECT ON rt_kept_t TO rt_doomed").block(T);
      assertThatThrownBy(() -> cluster.roles().drop("rt_doomed").block(T)).isInstanceOf(RoleInUseException.class);
      cluster.roles().get("rt_doomed").flatMap(r -> r.drop(DropRoleOptions.dropOwnedObjects())).block(T);
      assertThat(cluster.roles().contains("rt_doomed").block(T)).isFalse();
      assertThat(cluster.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'rt_doomed_t'", Long.class).block(T))
          .isZero();
      assertThat(cluster.scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'rt_kept_t'", Long.class).block(T))
          .isEqualTo(1L);
    } finally {
      cluster.update("DROP TABLE IF EXISTS rt_doomed_t, rt_kept_t").block(T);
      cleanup(cluster, "rt_doomed");
    }
  }

  @Test
  void plansShowWhatEnsureAndCreateWouldRunWithoutRunningIt(Cluster cluster) {
    cleanup(cluster, "rt_plan");
    try {
      RoleSpec spec = RoleSpec.named("rt_plan").login(true).connectionLimit(2).password(Password.plain("plan-pw"));
      assertThat(cluster.roles().createPlan(spec).statements()).containsExactly(
          "CREATE ROLE \"rt_plan\" WITH LOGIN CONNECTION LIMIT 2;",
          "SET LOCAL log_statement = 'none';",
          "SET LOCAL log_min_error_statement = 'panic';",
          "SET LOCAL log_min_duration_statement = -1;",
          "SET LOCAL log_transaction_sample_rate = 0;",
          "SET LOCAL log_min_duration_sample = -1;",
          "ALTER ROLE \"rt_plan\" WITH PASSWORD '***';");
      assertThat(cluster.roles().ensurePlan(spec).block(T).size()).isEqualTo(7);
      assertThat(cluster.roles().refresh().then(cluster.roles().contains("rt_plan")).block(T)).isFalse();
      cluster.roles().ensure(spec).block(T);
      assertThat(cluster.roles().ensurePlan(spec).block(T).isEmpty()).isTrue();
      assertThat(cluster.roles().ensurePlan(spec.connectionLimit(3)).block(T).statements())
          .containsExactly("ALTER ROLE \"rt_plan\" WITH CONNECTION LIMIT 3;");
    } finally {
      cleanup(cluster, "rt_plan");
    }
  }

  @PgMatrix
  void ensureMembershipConvergesTheAdminOptionAndIsANoOpWhenDone(Cluster cluster) {
    cleanup(cluster, "rt_em", "rt_eg");
    try {
      cluster.executeScript("CREATE ROLE rt_em; CREATE ROLE rt_eg").block(T);
      Roles roles = cluster.roles();
      assertThat(roles.ensureMembership("rt_em", "rt_eg", false).block(T).descriptions())
          .containsExactly("grant role \"rt_eg\" to \"rt_em\"");
      assertThat(roles.ensureMembership("rt_em", "rt_eg", false).block(T).changed()).isFalse();
      EnsureResult<Role> admin = roles.ensureMembership("rt_em", "rt_eg", true).block(T);
      assertThat(admin.descriptions()).containsExactly("grant role \"rt_eg\" to \"rt_em\" with admin option");
      assertThat(admin.object().membershipIn("rt_eg").orElseThrow().adminOption()).isTrue();
      assertThat(roles.ensureMembership("rt_em", "rt_eg", true).block(T).changed()).isFalse();
      assertThat(roles.membersOf("rt_eg").map(Membership::member).collectList().block(T)).containsExactly("rt_em");
      assertThat(roles.ensureMembership("rt_em", "rt_eg", false).block(T).object()
          .membershipIn("rt_eg").orElseThrow().adminOption()).isFalse();
      assertThat(roles.ensureNoMembership("rt_em", "rt_eg").block(T).object().isMemberOf("rt_eg")).isFalse();
      assertThat(roles.ensureNoMembership("rt_em", "rt_eg").block(T).changed()).isFalse();
      assertThatThrownBy(() -> roles.ensureMembership("rt_em", "rt_no_such_group", false).block(T))
          .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("rt_no_such_group");
    } finally {
      cleanup(cluster, "rt_em", "rt_eg");
    }
  }
}
