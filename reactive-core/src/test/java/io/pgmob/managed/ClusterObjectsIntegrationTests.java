package io.pgmob.managed;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.managed.Change;
import io.pgmob.table.Table;
import io.pgmob.testkit.PgTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@PgTest
class ClusterObjectsIntegrationTests {

  @Test
  void forEachDatabaseRunsInEveryConnectableDatabase(Cluster cluster) {
    cluster.update("CREATE DATABASE fe_one").block(TIMEOUT);
    cluster.update("CREATE DATABASE fe_two").block(TIMEOUT);
    cluster.update("CREATE DATABASE fe_closed ALLOW_CONNECTIONS false").block(TIMEOUT);
    try {
      List<String> seen = cluster.forEachDatabase(db -> db.update("CREATE TABLE fe_marker (i int)")
              .then(Mono.just(db.currentDatabase())), 2)
          .collectList().block(TIMEOUT);
      List<String> expected = cluster.execute("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate")
          .map(r -> r.getString("datname")).collectList().block(TIMEOUT);
      assertThat(seen).containsExactlyInAnyOrderElementsOf(expected).contains("fe_one", "fe_two", "postgres")
          .doesNotContain("fe_closed", "template1");
      // the tables collection sees the current database only
      Cluster one = cluster.connectTo("fe_one").block(TIMEOUT);
      try {
        assertThat(one.tables().get("public", "fe_marker").block(TIMEOUT).name()).isEqualTo("fe_marker");
      } finally {
        one.close().block(TIMEOUT);
      }
    } finally {
      cluster.forEachDatabase(db -> db.update("DROP TABLE IF EXISTS fe_marker")).blockLast(TIMEOUT);
      cluster.update("DROP DATABASE fe_one").block(TIMEOUT);
      cluster.update("DROP DATABASE fe_two").block(TIMEOUT);
      cluster.update("DROP DATABASE fe_closed").block(TIMEOUT);
    }
  }

  @Test
  void reassignOwnerMovesEverythingOrTheGivenObjectsInOneTransaction(Cluster cluster) {
    cluster.executeScript("CREATE ROLE ro_old NOLOGIN; CREATE ROLE ro_new NOLOGIN; CREATE ROLE ro_third NOLOGIN;"
        + " CREATE SCHEMA ro_s AUTHORIZATION ro_old; CREATE TABLE ro_s.t1 (i int); CREATE TABLE ro_s.t2 (i int);"
        + " ALTER TABLE ro_s.t1 OWNER TO ro_old; ALTER TABLE ro_s.t2 OWNER TO ro_old;"
        + " CREATE SEQUENCE ro_s.q; ALTER SEQUENCE ro_s.q OWNER TO ro_old").block(TIMEOUT);
    try {
      List<OwnedObject> objects = new ArrayList<>(cluster.tables().inSchema("ro_s").collectList().block(TIMEOUT));
      objects.add(cluster.sequences().get("ro_s", "q").block(TIMEOUT));
      objects.add(cluster.schemas().get("ro_s").block(TIMEOUT));
      List<Change> applied = cluster.reassignOwner("ro_new", objects).block(TIMEOUT);
      assertThat(applied).hasSize(4);
      assertThat(cluster.tables().inSchema("ro_s").map(Table::owner).collectList().block(TIMEOUT)).containsOnly("ro_new");
      assertThat(cluster.sequences().get("ro_s", "q").block(TIMEOUT).owner()).isEqualTo("ro_new");
      assertThat(cluster.reassignOwner("ro_new", cluster.tables().inSchema("ro_s").collectList().block(TIMEOUT)).block(TIMEOUT)).isEmpty();

      cluster.reassignOwner("ro_third", "ro_new").block(TIMEOUT);
      assertThat(cluster.schemas().get("ro_s").block(TIMEOUT).owner()).isEqualTo("ro_third");
      assertThat(cluster.tables().inSchema("ro_s").map(Table::owner).collectList().block(TIMEOUT)).containsOnly("ro_third");

      // one failing ALTER rolls the whole batch back
      List<OwnedObject> mixed = new ArrayList<>(cluster.tables().inSchema("ro_s").collectList().block(TIMEOUT));
      mixed.add(new OwnedObject() {
        @Override
        public String owner() {
          return "x";
        }

        @Override
        public Change ownerChange(String newOwner) {
          return Change.of("bad", io.pgmob.sql.Sql.raw("ALTER TABLE ro_s.no_such_table OWNER TO ro_old"));
        }
      });
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.reassignOwner("ro_old", mixed).block(TIMEOUT))
          .hasMessageContaining("no_such_table");
      assertThat(cluster.tables().refresh().thenMany(Flux.defer(() -> cluster.tables().inSchema("ro_s"))).map(Table::owner)
          .collectList().block(TIMEOUT)).containsOnly("ro_third");
    } finally {
      cluster.executeScript("DROP SCHEMA ro_s CASCADE; DROP ROLE ro_old; DROP ROLE ro_new; DROP ROLE ro_third").block(TIMEOUT);
    }
  }
}
