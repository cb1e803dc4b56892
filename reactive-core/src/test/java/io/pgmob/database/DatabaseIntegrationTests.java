package io.pgmob.database;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.managed.EnsureResult;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@PgTest
class DatabaseIntegrationTests {

  @Test
  void createAlterRenameScriptAndDrop(Cluster cluster) {
    cluster.update("CREATE ROLE db_owner_a NOLOGIN").block(TIMEOUT);
    try {
      Database db = cluster.databases().create(DatabaseSpec.builder("Db With \"Quotes\"").connectionLimit(3).build()).block(TIMEOUT);
      assertThat(db.name()).isEqualTo("Db With \"Quotes\"");
      assertThat(db.connectionLimit()).isEqualTo(3);
      assertThat(db.owner()).isEqualTo("postgres");
      assertThat(db.encoding()).isNotEmpty();
      assertThat(db.tablespace()).isEqualTo("pg_default");

      DatabaseAlteration alteration = db.alter().owner("db_owner_a").connectionLimit(10).template(true).rename("db_renamed");
      assertThat(alteration.plan().statements()).containsExactly(
          "ALTER DATABASE \"Db With \"\"Quotes\"\"\" OWNER TO \"db_owner_a\";",
          "ALTER DATABASE \"Db With \"\"Quotes\"\"\" CONNECTION LIMIT 10;",
          "ALTER DATABASE \"Db With \"\"Quotes\"\"\" IS_TEMPLATE TRUE;",
          "ALTER DATABASE \"Db With \"\"Quotes\"\"\" RENAME TO \"db_renamed\";");
      Database renamed = alteration.apply().block(TIMEOUT);
      assertThat(renamed.name()).isEqualTo("db_renamed");
      assertThat(renamed.owner()).isEqualTo("db_owner_a");
      assertThat(renamed.connectionLimit()).isEqualTo(10);
      assertThat(renamed.isTemplate()).isTrue();
      assertThat(cluster.databases().contains("Db With \"Quotes\"").block(TIMEOUT)).isFalse();
      assertThat(renamed.alter().owner("db_owner_a").connectionLimit(10).plan().isEmpty()).isTrue();

      Database disabled = renamed.disable().block(TIMEOUT);
      assertThat(disabled.allowConnections()).isFalse();
      assertThat(disabled.enable().block(TIMEOUT).allowConnections()).isTrue();

      String script = renamed.script().block(TIMEOUT);
      assertThat(script).startsWith("CREATE DATABASE \"db_renamed\" OWNER \"db_owner_a\" TEMPLATE \"template0\" ENCODING ")
          .contains("CONNECTION LIMIT 10", "IS_TEMPLATE TRUE", "ALLOW_CONNECTIONS TRUE");
      renamed.alter().template(false).apply().block(TIMEOUT);
      cluster.databases().get("db_renamed").flatMap(Database::drop).block(TIMEOUT);
      assertThat(cluster.databases().contains("db_renamed").block(TIMEOUT)).isFalse();

      // the script recreates the database as it was
      cluster.executeScript(script).block(TIMEOUT);
      Database recreated = cluster.databases().refresh().then(Mono.defer(() -> cluster.databases().get("db_renamed"))).block(TIMEOUT);
      assertThat(recreated.owner()).isEqualTo("db_owner_a");
      assertThat(recreated.connectionLimit()).isEqualTo(10);
      assertThat(recreated.encoding()).isEqualTo(renamed.encoding());
      assertThat(recreated.collation()).isEqualTo(renamed.collation());
      recreated.alter().template(false).apply().then(cluster.databases().drop("db_renamed", false)).block(TIMEOUT);
    } finally {
      cluster.update("ALTER DATABASE db_renamed IS_TEMPLATE false").onErrorResume(e -> Mono.empty()).block(TIMEOUT);
      cluster.update("DROP DATABASE IF EXISTS db_renamed").block(TIMEOUT);
      cluster.update("DROP DATABASE IF EXISTS \"Db With \"\"Quotes\"\"\"").block(TIMEOUT);
      cluster.update("DROP ROLE db_owner_a").block(TIMEOUT);
    }
  }

  @Test
  void dropWithSessionsFailsClearlyUnlessTerminating(PgServer server, Cluster cluster) {
    cluster.databases().create("db_busy").block(TIMEOUT);
    Cluster session = TestClusters.connect(server, "db_busy");
    try {
      assertThatThrownBy(() -> cluster.databases().drop("db_busy", false).block(TIMEOUT))
          .isInstanceOf(DatabaseInUseException.class)
          .hasMessageContaining("database \"db_busy\" is in use by other sessions")
          .hasMessageContaining("nothing was changed")
          .satisfies(e -> assertThat(((DatabaseInUseException) e).sqlState()).isEqualTo("55006"));
      assertThat(cluster.databases().refresh().then(Mono.defer(() -> cluster.databases().contains("db_busy"))).block(TIMEOUT)).isTrue();
      assertThat(session.scalar("SELECT 1", Integer.class).block(TIMEOUT)).isEqualTo(1);

      cluster.databases().get("db_busy").flatMap(db -> db.drop(true)).block(TIMEOUT);
      assertThat(cluster.databases().contains("db_busy").block(TIMEOUT)).isFalse();
      assertThatThrownBy(() -> session.scalar("SELECT 1", Integer.class).block(TIMEOUT))
          .isInstanceOf(io.pgmob.error.ConnectionException.class);
    } finally {
      session.close().block(TIMEOUT);
      cluster.update("DROP DATABASE IF EXISTS db_busy").block(TIMEOUT);
    }
  }

  @Test
  void ensureCreatesThenAltersOnlyWhatDiffersThenChangesNothing(Cluster cluster) {
    cluster.update("CREATE ROLE db_owner_e NOLOGIN").block(TIMEOUT);
    try {
      DatabaseSpec spec = DatabaseSpec.builder("db_ensure").owner("db_owner_e").connectionLimit(5).build();
      EnsureResult<Database> first = cluster.databases().ensure(spec).block(TIMEOUT);
      assertThat(first.created()).isTrue();
      assertThat(first.changed()).isTrue();
      assertThat(first.object().owner()).isEqualTo("db_owner_e");
      assertThat(first.object().connectionLimit()).isEqualTo(5);

      EnsureResult<Database> second = cluster.databases().ensure(spec).block(TIMEOUT);
      assertThat(second.created()).isFalse();
      assertThat(second.changed()).isFalse();
      assertThat(second.applied()).isEmpty();

      cluster.update("ALTER DATABASE db_ensure CONNECTION LIMIT 7").block(TIMEOUT);
      EnsureResult<Database> third = cluster.databases().ensure(spec.toBuilder().allowConnections(true).build()).block(TIMEOUT);
      assertThat(third.applied()).extracting(c -> c.statement())
          .containsExactly("ALTER DATABASE \"db_ensure\" CONNECTION LIMIT 5");
      assertThat(third.object().connectionLimit()).isEqualTo(5);

      String encoding = third.object().encoding().equals("UTF8") ? "SQL_ASCII" : "UTF8";
      assertThatThrownBy(() -> cluster.databases().ensure(spec.toBuilder().encoding(encoding).build()).block(TIMEOUT))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("encoding cannot be changed after creation");
    } finally {
      cluster.update("DROP DATABASE IF EXISTS db_ensure").block(TIMEOUT);
      cluster.update("DROP ROLE db_owner_e").block(TIMEOUT);
    }
  }

  @Test
  void badInputFailsBeforeAnythingIsSent(Cluster cluster) {
    assertThatThrownBy(() -> cluster.databases().get("no_such_db").block(TIMEOUT))
        .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("database \"no_such_db\" does not exist");
    assertThatThrownBy(() -> cluster.databases().drop("no_such_db", true).block(TIMEOUT))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> cluster.databases().create("x".repeat(64)).block(TIMEOUT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("over PostgreSQL's limit of 63");
    assertThatThrownBy(() -> cluster.databases().drop("postgres", false).block(TIMEOUT))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("connected to");
    assertThatThrownBy(() -> DatabaseSpec.builder("d").connectionLimit(-2).build())
        .isInstanceOf(InvalidInputException.class);
    // a create that fails on the server leaves nothing behind and names the statement
    assertThatThrownBy(() -> cluster.databases().create(DatabaseSpec.builder("db_bad").owner("no_such_role").build()).block(TIMEOUT))
        .isInstanceOf(ServerErrorException.class).hasMessageContaining("no_such_role");
    assertThat(cluster.databases().refresh().then(Mono.defer(() -> cluster.databases().contains("db_bad"))).block(TIMEOUT)).isFalse();
  }
}
