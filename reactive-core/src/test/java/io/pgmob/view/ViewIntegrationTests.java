package io.pgmob.view;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.testkit.PgTest;
import org.junit.jupiter.api.Test;

@PgTest
class ViewIntegrationTests {

  @Test
  void viewsAndMaterializedViewsAreCreatedAlteredScriptedAndDropped(Cluster cluster) {
    cluster.executeScript("CREATE SCHEMA vw_a; CREATE SCHEMA vw_b; CREATE ROLE vw_owner NOLOGIN;"
        + " CREATE TABLE vw_a.t (i int, s text); INSERT INTO vw_a.t VALUES (1, 'x'), (2, 'y');"
        + " GRANT USAGE ON SCHEMA vw_a TO vw_owner; GRANT SELECT ON vw_a.t TO vw_owner").block(TIMEOUT);
    try {
      View v = cluster.views().create("vw_a", "Small Ones", "SELECT i, s FROM vw_a.t WHERE i < 2", false).block(TIMEOUT);
      assertThat(v.isMaterialized()).isFalse();
      assertThat(v.definition()).contains("WHERE t.i < 2");
      View m = cluster.views().create("vw_a", "mv", "SELECT count(*) AS n FROM vw_a.t;", true).block(TIMEOUT);
      assertThat(m.isMaterialized()).isTrue();
      assertThat(cluster.scalar("SELECT n FROM vw_a.mv", Long.class).block(TIMEOUT)).isEqualTo(2L);

      View redefined = v.alter().definition("SELECT i, s FROM vw_a.t WHERE i < 3").owner("vw_owner").apply().block(TIMEOUT);
      assertThat(redefined.definition()).contains("WHERE t.i < 3");
      assertThat(redefined.owner()).isEqualTo("vw_owner");
      assertThat(cluster.scalar("SELECT count(*) FROM vw_a.\"Small Ones\"", Long.class).block(TIMEOUT)).isEqualTo(2L);

      View m2 = m.alter().definition("SELECT count(*) + 100 AS n FROM vw_a.t").owner("vw_owner").rename("mv2")
          .schema("vw_b").apply().block(TIMEOUT);
      assertThat(m2.schema()).isEqualTo("vw_b");
      assertThat(m2.name()).isEqualTo("mv2");
      assertThat(m2.owner()).isEqualTo("vw_owner");
      assertThat(cluster.scalar("SELECT n FROM vw_b.mv2", Long.class).block(TIMEOUT)).isEqualTo(102L);

      String script = m2.script().block(TIMEOUT);
      assertThat(script).startsWith("CREATE MATERIALIZED VIEW \"vw_b\".\"mv2\" AS ")
          .contains("ALTER MATERIALIZED VIEW \"vw_b\".\"mv2\" OWNER TO \"vw_owner\";");
      m2.drop(false).block(TIMEOUT);
      cluster.executeScript(script).block(TIMEOUT);
      assertThat(cluster.views().refresh().then(reactor.core.publisher.Mono.defer(() -> cluster.views().get("vw_b", "mv2")))
          .block(TIMEOUT).owner()).isEqualTo("vw_owner");

      assertThat(redefined.script().block(TIMEOUT)).startsWith("CREATE VIEW \"vw_a\".\"Small Ones\" AS ");
      redefined.drop(false).block(TIMEOUT);
      assertThat(cluster.views().contains("vw_a.Small Ones").block(TIMEOUT)).isFalse();
    } finally {
      cluster.executeScript("DROP SCHEMA vw_a CASCADE; DROP SCHEMA vw_b CASCADE; DROP ROLE vw_owner").block(TIMEOUT);
    }
  }

  @Test
  void badInputIsRefused(Cluster cluster) {
    assertThatThrownBy(() -> cluster.views().get("public", "no_such_view").block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> cluster.views().create("public", "v", " ", false).block(TIMEOUT))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> cluster.views().create("public", "vw_bad", "SELECT * FROM no_such_table", false).block(TIMEOUT))
        .hasMessageContaining("no_such_table");
  }
}
