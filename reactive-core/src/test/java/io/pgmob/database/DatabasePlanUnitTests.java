package io.pgmob.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.Plan;
import org.junit.jupiter.api.Test;

class DatabasePlanUnitTests {

  @Test
  void createPlanQuotesNamesAndLiteralsAndRunsOutsideATransaction() {
    Plan plan = new Databases(null).createPlan(DatabaseSpec.builder("my \"db\"").owner("o'wner").encoding("UTF8")
        .collation("C").ctype("C").template("template0").connectionLimit(-1).isTemplate(false).allowConnections(true).build());
    assertThat(plan.statements()).containsExactly("CREATE DATABASE \"my \"\"db\"\"\" OWNER \"o'wner\" TEMPLATE \"template0\""
        + " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT -1 IS_TEMPLATE FALSE ALLOW_CONNECTIONS TRUE;");
    assertThat(plan.changes().get(0).transactional()).isFalse();
  }

  @Test
  void scriptPlanPinsTemplate0SoEncodingAndLocaleApply() {
    Plan plan = Databases.createPlan(DatabaseSpec.builder("d").encoding("LATIN1").build(), true);
    assertThat(plan.statements()).containsExactly("CREATE DATABASE \"d\" TEMPLATE \"template0\" ENCODING 'LATIN1';");
  }

  @Test
  void invalidSpecsAreRefused() {
    assertThatThrownBy(() -> DatabaseSpec.builder("").build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("database name must not be empty");
    assertThatThrownBy(() -> DatabaseSpec.builder("d").owner("x".repeat(64)).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("owner role name");
    assertThatThrownBy(() -> DatabaseSpec.builder("d").connectionLimit(-5).build()).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("-1 (no limit) or more");
  }
}
