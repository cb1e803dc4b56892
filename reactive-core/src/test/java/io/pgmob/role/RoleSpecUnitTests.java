package io.pgmob.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import io.pgmob.password.Password;
import io.pgmob.privilege.Grant;
import io.pgmob.privilege.Privilege;
import io.pgmob.privilege.PrivilegeTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleSpecUnitTests {

  @Test
  void namesPostgresqlCannotHoldAreRefusedOnTheClient() {
    assertThatThrownBy(() -> RoleSpec.named("")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> RoleSpec.named("a\0b")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NUL");
    String name64 = "é".repeat(32); // 64 bytes of UTF-8, 32 characters
    assertThatThrownBy(() -> RoleSpec.named(name64)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("64 bytes");
    assertThat(RoleSpec.named("x".repeat(63)).name()).hasSize(63);
    assertThat(RoleSpec.named("it's \"quoted\"").name()).isEqualTo("it's \"quoted\"");
    assertThatThrownBy(() -> RoleSpec.named("a").memberOf("a")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> RoleSpec.named("a").connectionLimit(-2)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void specIsCopyOnWriteAndNeverPrintsThePassword() {
    RoleSpec base = RoleSpec.named("app").login(true);
    RoleSpec withPw = base.password(Password.plain("hunter2"));
    assertThat(base.passwordValue()).isNull();
    assertThat(withPw.toString()).contains("password ***").doesNotContain("hunter2");
  }

  @Test
  void settingsAreComparedTheWayTheServerStoresThem() {
    assertThat(RoleSql.settingMatches("app, public", List.of("app", "public"))).isTrue();
    assertThat(RoleSql.settingMatches("\"my app\", public", List.of("my app", "public"))).isTrue();
    assertThat(RoleSql.settingMatches("\"a, b\"", List.of("a, b"))).isTrue();
    assertThat(RoleSql.settingMatches("64MB", List.of("64MB"))).isTrue();
    assertThat(RoleSql.settingMatches("64MB", List.of("32MB"))).isFalse();
    assertThat(RoleSql.settingMatches(null, List.of("x"))).isFalse();
  }

  @Test
  void grantsRefusePrivilegesTheObjectTypeDoesNotHave() {
    assertThatThrownBy(() -> Grant.of(PrivilegeTarget.schema("s"), "app", Privilege.SELECT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("do not apply to a schema");
    assertThatThrownBy(() -> Grant.of(PrivilegeTarget.table("s", "t"), "", Privilege.SELECT))
        .isInstanceOf(InvalidInputException.class);
    assertThat(Grant.of(PrivilegeTarget.table("s", "t"), "public", Privilege.SELECT).isPublic()).isTrue();
  }

  @Test
  void everyChainedSetterKeepsEveryEarlierOneInEitherOrderAndLeavesItsBaseAlone() {
    java.time.Instant until = java.time.Instant.parse("2030-01-02T03:04:05Z");
    Password pw = Password.plain("hunter2");
    RoleSpec base = RoleSpec.named("app");
    RoleSpec forward = base.superuser(false).inherit(true).createRole(false).createDb(true).login(true)
        .replication(false).bypassRls(true).connectionLimit(7).validUntil(until).password(pw).memberOf("readers")
        .memberOf("admins", true).setting("search_path", "app", "public").comment("the app");
    RoleSpec backward = base.comment("the app").setting("search_path", "app", "public").memberOf("admins", true)
        .memberOf("readers").password(pw).validUntil(until).connectionLimit(7).bypassRls(true).replication(false)
        .login(true).createDb(true).createRole(false).inherit(true).superuser(false);
    for (RoleSpec s : List.of(forward, backward)) {
      assertThat(s.attributes()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
          RoleSql.Attribute.SUPERUSER, false, RoleSql.Attribute.INHERIT, true, RoleSql.Attribute.CREATEROLE, false,
          RoleSql.Attribute.CREATEDB, true, RoleSql.Attribute.LOGIN, true, RoleSql.Attribute.REPLICATION, false,
          RoleSql.Attribute.BYPASSRLS, true));
      assertThat(s.connectionLimitValue()).isEqualTo(7);
      assertThat(s.validUntilValue()).isEqualTo(until);
      assertThat(s.passwordValue()).isEqualTo(pw);
      assertThat(s.memberships()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("readers", false, "admins", true));
      assertThat(s.settingValues()).containsExactly(java.util.Map.entry("search_path", List.of("app", "public")));
      assertThat(s.commentValue()).isEqualTo("the app");
      assertThat(s.name()).isEqualTo("app");
    }
    // the base, and an intermediate step kept as a template, are untouched by what came after
    RoleSpec template = base.login(true);
    template.connectionLimit(3).memberOf("x").setting("work_mem", "64MB").superuser(true);
    assertThat(template.attributes()).containsExactly(java.util.Map.entry(RoleSql.Attribute.LOGIN, true));
    assertThat(template.connectionLimitValue()).isNull();
    assertThat(template.memberships()).isEmpty();
    assertThat(template.settingValues()).isEmpty();
    assertThat(base.attributes()).isEmpty();
    assertThat(base.passwordValue()).isNull();
    assertThat(base.validUntilValue()).isNull();
    assertThat(base.commentValue()).isNull();
    // a later value for the same setter replaces the earlier one, and only that one
    RoleSpec twice = forward.connectionLimit(9).login(false).memberOf("readers", true);
    assertThat(twice.connectionLimitValue()).isEqualTo(9);
    assertThat(twice.attributes()).containsEntry(RoleSql.Attribute.LOGIN, false).containsEntry(RoleSql.Attribute.CREATEDB, true);
    assertThat(twice.memberships()).containsEntry("readers", true).containsEntry("admins", true);
    assertThat(forward.connectionLimitValue()).isEqualTo(7);
    assertThatThrownBy(() -> forward.attributes().put(RoleSql.Attribute.SUPERUSER, true))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void predicatesAreFalseWhereTheyShouldBe() {
    assertThat(Grant.of(PrivilegeTarget.table("s", "t"), "app", Privilege.SELECT).isPublic()).isFalse();
    assertThat(Grant.of(PrivilegeTarget.table("s", "t"), "PUBLIC", Privilege.SELECT).isPublic()).isTrue();
    assertThat(Grant.of(PrivilegeTarget.table("s", "t"), "publicity", Privilege.SELECT).isPublic()).isFalse();
    assertThat(io.pgmob.privilege.AclItem.parse("app=r/postgres").isPublic()).isFalse();
    assertThat(io.pgmob.sql.Literal.of("x").isSecret()).isFalse();
    assertThat(io.pgmob.sql.Literal.of(null).isSecret()).isFalse();
    assertThat(io.pgmob.sql.Literal.secret("x").isSecret()).isTrue();
    assertThat(io.pgmob.sql.Sql.format("SELECT {}", io.pgmob.sql.Literal.of("x")).hasSecrets()).isFalse();
    assertThat(io.pgmob.sql.Sql.raw("SELECT 1").hasSecrets()).isFalse();
    assertThat(io.pgmob.sql.Sql.format("SELECT {}, {}", io.pgmob.sql.Literal.of("x"), io.pgmob.sql.Literal.secret("y"))
        .hasSecrets()).isTrue();
  }

  @Test
  void toStringShowsWhatIsSetAndNoMore() {
    assertThat(RoleSpec.named("a").toString()).isEqualTo("RoleSpec[a, {}]");
    assertThat(RoleSpec.named("a").connectionLimit(-1).validUntil(java.time.Instant.parse("2030-01-01T00:00:00Z"))
        .memberOf("g").setting("work_mem", "1MB").toString())
        .contains("connection limit -1", "valid until", "member of [g]", "settings {work_mem=[1MB]}")
        .doesNotContain("password");
  }
}
