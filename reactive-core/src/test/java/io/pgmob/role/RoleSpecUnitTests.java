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
}
