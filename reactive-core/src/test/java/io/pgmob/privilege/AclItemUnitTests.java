package io.pgmob.privilege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class AclItemUnitTests {

  @Test
  void parsesPrivilegesGrantOptionsAndGrantor() {
    AclItem i = AclItem.parse("app=arw*/postgres");
    assertThat(i.grantee()).isEqualTo("app");
    assertThat(i.grantor()).isEqualTo("postgres");
    assertThat(i.privileges()).containsExactlyInAnyOrder(Privilege.INSERT, Privilege.SELECT, Privilege.UPDATE);
    assertThat(i.grantable()).containsExactly(Privilege.UPDATE);
    assertThat(i.toString()).isEqualTo("app=arw*/postgres");
  }

  @Test
  void emptyGranteeIsPublic() {
    AclItem i = AclItem.parse("=Tc/postgres");
    assertThat(i.isPublic()).isTrue();
    assertThat(i.privileges()).containsExactlyInAnyOrder(Privilege.TEMPORARY, Privilege.CONNECT);
    assertThat(i.toString()).isEqualTo("=Tc/postgres");
  }

  @Test
  void quotedNamesWithQuotesSpacesAndEqualsSignsRoundTrip() {
    AclItem i = AclItem.parse("\"we\"\"ird =/name\"=X*/\"Owner Role\"");
    assertThat(i.grantee()).isEqualTo("we\"ird =/name");
    assertThat(i.grantor()).isEqualTo("Owner Role");
    assertThat(i.grantable()).containsExactly(Privilege.EXECUTE);
    assertThat(AclItem.parse(i.toString())).isEqualTo(i);
  }

  @Test
  void everyLetterPostgresqlPrintsIsKnown() {
    AclItem i = AclItem.parse("u=arwdDxtXUCTcsAm/u");
    assertThat(i.privileges()).isEqualTo(EnumSet.allOf(Privilege.class));
    assertThat(i.toString()).isEqualTo("u=arwdDxtXUCTcsAm/u");
  }

  @Test
  void malformedItemsAreRefused() {
    for (String bad : new String[] {"app", "app=r", "app=q/postgres", "\"app=r/postgres", "app=r/"}) {
      assertThatThrownBy(() -> AclItem.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }
}
