package io.pgmob.table;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.testkit.PgTest;
import org.junit.jupiter.api.Test;

@PgTest
class TableIntegrationTests {

  private static final String DDL = """
      CREATE SCHEMA tbl_a; CREATE SCHEMA tbl_b; CREATE ROLE tbl_owner NOLOGIN;
      CREATE TABLE tbl_a.parent (id int PRIMARY KEY);
      CREATE TABLE tbl_a."Order Items" (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        parent_id int NOT NULL REFERENCES tbl_a.parent (id) ON DELETE CASCADE,
        sku text NOT NULL DEFAULT 'none',
        qty numeric(10,2) CHECK (qty > 0),
        total numeric GENERATED ALWAYS AS (qty * 2) STORED,
        created timestamptz DEFAULT now(),
        UNIQUE (parent_id, sku));
      CREATE INDEX items_created ON tbl_a."Order Items" (created DESC);
      CREATE TABLE tbl_a.part (k int NOT NULL, v text) PARTITION BY RANGE (k);
      CREATE TABLE tbl_a.part_1 PARTITION OF tbl_a.part FOR VALUES FROM (0) TO (100);
      """;

  @Test
  void listsAltersAndDrops(Cluster cluster) {
    cluster.executeScript(DDL).block(TIMEOUT);
    try {
      Table t = cluster.tables().get("tbl_a", "Order Items").block(TIMEOUT);
      assertThat(t.owner()).isEqualTo("postgres");
      assertThat(t.tablespace()).isNull();
      assertThat(t.rowSecurity()).isFalse();
      assertThat(cluster.tables().get("tbl_a", "part").block(TIMEOUT).isPartitioned()).isTrue();
      assertThat(cluster.tables().get("tbl_a.part_1").block(TIMEOUT).isPartition()).isTrue();
      assertThat(cluster.tables().inSchema("tbl_a").map(Table::name).collectList().block(TIMEOUT))
          .containsExactly("Order Items", "parent", "part", "part_1");

      TableAlteration a = t.alter().owner("tbl_owner").rowSecurity(true).tablespace("pg_default").rename("items").schema("tbl_b");
      assertThat(a.plan().statements()).containsExactly(
          "ALTER TABLE \"tbl_a\".\"Order Items\" OWNER TO \"tbl_owner\";",
          "ALTER TABLE \"tbl_a\".\"Order Items\" ENABLE ROW LEVEL SECURITY;",
          "ALTER TABLE \"tbl_a\".\"Order Items\" RENAME TO \"items\";",
          "ALTER TABLE \"tbl_a\".\"items\" SET SCHEMA \"tbl_b\";");
      Table moved = a.apply().block(TIMEOUT);
      assertThat(moved.schema()).isEqualTo("tbl_b");
      assertThat(moved.name()).isEqualTo("items");
      assertThat(moved.owner()).isEqualTo("tbl_owner");
      assertThat(moved.rowSecurity()).isTrue();
      assertThat(cluster.tables().contains("tbl_a.Order Items").block(TIMEOUT)).isFalse();

      assertThatThrownBy(() -> cluster.tables().get("tbl_a", "parent").flatMap(p -> p.drop(false)).block(TIMEOUT))
          .hasMessageContaining("depend");
      cluster.tables().get("tbl_a", "parent").flatMap(p -> p.drop(true)).block(TIMEOUT);
      assertThat(cluster.tables().contains("tbl_a.parent").block(TIMEOUT)).isFalse();
      assertThat(cluster.scalar("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'tbl_b.items'::regclass",
          Long.class).block(TIMEOUT)).isZero();
    } finally {
      cluster.executeScript("DROP SCHEMA tbl_a CASCADE; DROP SCHEMA tbl_b CASCADE; DROP ROLE tbl_owner").block(TIMEOUT);
    }
  }

  @Test
  void scriptRecreatesTheSameStructure(Cluster cluster) {
    cluster.executeScript(DDL).block(TIMEOUT);
    try {
      cluster.update("ALTER TABLE tbl_a.\"Order Items\" ENABLE ROW LEVEL SECURITY").block(TIMEOUT);
      Table t = cluster.tables().get("tbl_a", "Order Items").block(TIMEOUT);
      String script = t.script().block(TIMEOUT);
      assertThat(script)
          .contains("CREATE TABLE \"tbl_a\".\"Order Items\" (")
          .contains("\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL")
          .contains("\"sku\" text DEFAULT 'none'::text NOT NULL")
          .contains("\"total\" numeric GENERATED ALWAYS AS ((qty * (2)::numeric)) STORED")
          .contains("PRIMARY KEY (id)", "FOREIGN KEY (parent_id) REFERENCES tbl_a.parent(id) ON DELETE CASCADE",
              "CHECK (qty > 0::numeric)", "UNIQUE (parent_id, sku)")
          .contains("CREATE INDEX items_created ON tbl_a.\"Order Items\" USING btree (created DESC);")
          .contains("ENABLE ROW LEVEL SECURITY", "OWNER TO \"postgres\"");
      String partScript = cluster.tables().get("tbl_a", "part").flatMap(Table::script).block(TIMEOUT);
      assertThat(partScript).contains("PARTITION BY RANGE (k)");
      assertThat(cluster.tables().get("tbl_a", "part_1").flatMap(Table::script).block(TIMEOUT))
          .contains("PARTITION OF tbl_a.part FOR VALUES FROM (0) TO (100)");

      // drop and recreate from the script: the new table scripts identically
      cluster.update("DROP TABLE tbl_a.\"Order Items\"").block(TIMEOUT);
      cluster.executeScript(script).block(TIMEOUT);
      cluster.tables().refresh().block(TIMEOUT);
      Table again = cluster.tables().get("tbl_a", "Order Items").block(TIMEOUT);
      assertThat(again.oid()).isNotEqualTo(t.oid());
      assertThat(again.script().block(TIMEOUT)).isEqualTo(script);
    } finally {
      cluster.executeScript("DROP SCHEMA tbl_a CASCADE; DROP SCHEMA tbl_b CASCADE; DROP ROLE tbl_owner").block(TIMEOUT);
    }
  }

  @Test
  void badInputIsRefused(Cluster cluster) {
    assertThatThrownBy(() -> cluster.tables().get("public", "no_such_table").block(TIMEOUT))
        .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("table \"public.no_such_table\" does not exist");
    assertThatThrownBy(() -> cluster.tables().get("public", "a\0b").block(TIMEOUT)).isInstanceOf(InvalidInputException.class);
  }
}
