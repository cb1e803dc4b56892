package io.pgmob.schema;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.managed.EnsureResult;
import io.pgmob.testkit.PgTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@PgTest
class SchemaIntegrationTests {

  @Test
  void createAlterScriptAndDropCascade(Cluster cluster) {
    cluster.update("CREATE ROLE sch_owner NOLOGIN").block(TIMEOUT);
    try {
      Schema s = cluster.schemas().create("Sch \"Q\"").block(TIMEOUT);
      assertThat(s.owner()).isEqualTo("postgres");
      assertThat(cluster.schemas().all().map(Schema::name).collectList().block(TIMEOUT))
          .contains("public", "Sch \"Q\"").noneMatch(n -> n.startsWith("pg_toast"));
      Schema altered = s.alter().owner("sch_owner").rename("sch_renamed").apply().block(TIMEOUT);
      assertThat(altered.name()).isEqualTo("sch_renamed");
      assertThat(altered.owner()).isEqualTo("sch_owner");
      assertThat(altered.script().block(TIMEOUT)).isEqualTo("CREATE SCHEMA \"sch_renamed\" AUTHORIZATION \"sch_owner\";");

      cluster.update("CREATE TABLE sch_renamed.t (i int)").block(TIMEOUT);
      assertThatThrownBy(() -> altered.drop(false).block(TIMEOUT))
          .isInstanceOf(ServerErrorException.class).hasMessageContaining("depend");
      assertThat(cluster.schemas().contains("sch_renamed").block(TIMEOUT)).isTrue();
      altered.drop(true).block(TIMEOUT);
      assertThat(cluster.schemas().contains("sch_renamed").block(TIMEOUT)).isFalse();
      assertThat(cluster.scalar("SELECT count(*) FROM pg_class WHERE relname = 't' AND relnamespace = 0", Long.class)
          .block(TIMEOUT)).isZero();
    } finally {
      cluster.update("DROP SCHEMA IF EXISTS sch_renamed CASCADE").block(TIMEOUT);
      cluster.update("DROP SCHEMA IF EXISTS \"Sch \"\"Q\"\"\" CASCADE").block(TIMEOUT);
      cluster.update("DROP ROLE sch_owner").block(TIMEOUT);
    }
  }

  @Test
  void ensureIsIdempotent(Cluster cluster) {
    cluster.update("CREATE ROLE sch_ens NOLOGIN").block(TIMEOUT);
    try {
      EnsureResult<Schema> first = cluster.schemas().ensure(new SchemaSpec("sch_ensure", null)).block(TIMEOUT);
      assertThat(first.created()).isTrue();
      assertThat(cluster.schemas().ensure(new SchemaSpec("sch_ensure", null)).block(TIMEOUT).changed()).isFalse();
      EnsureResult<Schema> owner = cluster.schemas().ensure(new SchemaSpec("sch_ensure", "sch_ens")).block(TIMEOUT);
      assertThat(owner.applied()).hasSize(1);
      assertThat(owner.object().owner()).isEqualTo("sch_ens");
      assertThat(cluster.schemas().ensure(new SchemaSpec("sch_ensure", "sch_ens")).block(TIMEOUT).applied()).isEmpty();
    } finally {
      cluster.update("DROP SCHEMA IF EXISTS sch_ensure").block(TIMEOUT);
      cluster.update("DROP ROLE sch_ens").block(TIMEOUT);
    }
  }

  @Test
  void badInputIsRefused(Cluster cluster) {
    assertThatThrownBy(() -> cluster.schemas().get("no_such_schema").block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("schema \"no_such_schema\" does not exist");
    assertThatThrownBy(() -> new SchemaSpec("", null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> cluster.schemas().create("public").block(TIMEOUT)).isInstanceOf(ServerErrorException.class)
        .satisfies(e -> assertThat(((ServerErrorException) e).sqlState()).isEqualTo("42P06"));
    assertThatThrownBy(() -> cluster.schemas().create(new SchemaSpec("sch_bad", "no_such_role")).block(TIMEOUT))
        .hasMessageContaining("no_such_role");
    assertThat(cluster.schemas().refresh().then(Mono.defer(() -> cluster.schemas().contains("sch_bad"))).block(TIMEOUT)).isFalse();
  }
}
