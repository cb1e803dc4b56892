package io.pgmob.view;

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
        + " GRANT USAGE ON SCHEMA vw_a TO vw_owner; GRANT SELECT ON vw_a.t TO vw_owner").block();
    try {
      View v = cluster.views().create("vw_a", "Small Ones", "SELECT i, s FROM vw_a.t WHERE i < 2", false).block();
      assertThat(v.isMaterialized()).isFalse();
      assertThat(v.definition()).contains("WHERE t.i < 2");
      View m = cluster.views().create("vw_a", "mv", "SELECT count(*) AS n FROM vw_a.t;", true).block();
      assertThat(m.isMaterialized()).isTrue();
      assertThat(cluster.scalar("SELECT n FROM vw_a.mv", Long.class).block()).isEqualTo(2L);

      View redefined = v.alter().definition("SELECT i, s FROM vw_a.t WHERE i < 3").owner("vw_owner").apply().block();
      assertThat(redefined.definition()).contains("WHERE t.i < 3");
      assertThat(redefined.owner()).isEqualTo("vw_owner");
      assertThat(cluster.scalar("SELECT count(*) FROM vw_a.\"Small Ones\"", Long.class).block()).isEqualTo(2L);

      View m2 = m.alter().definition("SELECT count(*) + 100 AS n FROM vw_a.t").owner("vw_owner").rename("mv2")
          .schema("vw_b").apply().block();
      assertThat(m2.schema()).isEqualTo("vw_b");
      assertThat(m2.name()).isEqualTo("mv2");
      assertThat(m2.owner()).isEqualTo("vw_owner");
      assertThat(cluster.scalar("SELECT n FROM vw_b.mv2", Long.class).block()).isEqualTo(102L);

      String script = m2.script().block();
      assertThat(script).startsWith("CREATE MATERIALIZED VIEW \"vw_b\".\"mv2\" AS ")
          .contains("ALTER MATERIALIZED VIEW \"vw_b\".\"mv2\" OWNER TO \"vw_owner\";");
      m2.drop(false).block();
      cluster.executeScript(script).block();
      assertThat(cluster.views().refresh().then(reactor.core.publisher.Mono.defer(() -> cluster.views().get("vw_b", "mv2")))
          .block().owner()).isEqualTo("vw_owner");

      assertThat(redefined.script().block()).startsWith("CREATE VIEW \"vw_a\".\"Small Ones\" AS ");
      redefined.drop(false).block();
      assertThat(cluster.views().contains("vw_a.Small Ones").block()).isFalse();
    } finally {
      cluster.executeScript("DROP SCHEMA vw_a CASCADE; DROP SCHEMA vw_b CASCADE; DROP ROLE vw_owner").block();
    }
  }

  @Test
  void badInputIsRefused(Cluster cluster) {
    assertThatThrownBy(() -> cluster.views().get("public", "no_such_view").block()).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> cluster.views().create("public", "v", " ", false).block())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> cluster.views().create("public", "vw_bad", "SELECT * FROM no_such_table", false).block())
        .hasMessageContaining("no_such_table");
  }
}
