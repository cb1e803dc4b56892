package io.pgmob.routine;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.testkit.PgTest;
import org.junit.jupiter.api.Test;

@PgTest
class RoutineIntegrationTests {

  private static final String DDL = """
      CREATE SCHEMA rt_a; CREATE SCHEMA rt_b; CREATE ROLE rt_owner NOLOGIN;
      CREATE FUNCTION rt_a.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS 'SELECT a + b';
      CREATE FUNCTION rt_a.add(a text, b text) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
        AS $$ BEGIN RETURN a || b; END $$;
      CREATE PROCEDURE rt_a.noop(n integer) LANGUAGE sql AS 'SELECT 1';
      CREATE AGGREGATE rt_a.my_sum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
      """;

  @Test
  void overloadsKindsAndPropertiesAreRead(Cluster cluster) {
    cluster.executeScript(DDL).block(TIMEOUT);
    try {
      assertThat(cluster.routines().overloads("rt_a", "add").map(Routine::arguments).collectList().block(TIMEOUT))
          .containsExactlyInAnyOrder("a integer, b integer", "a text, b text");
      Routine intAdd = cluster.routines().get("rt_a", "add", "a integer, b integer").block(TIMEOUT);
      assertThat(intAdd.kind()).isEqualTo(RoutineKind.FUNCTION);
      assertThat(intAdd.language()).isEqualTo("sql");
      assertThat(intAdd.volatility()).isEqualTo("immutable");
      assertThat(intAdd.isStrict()).isTrue();
      assertThat(intAdd.parallel()).isEqualTo("safe");
      assertThat(intAdd.isSecurityDefiner()).isFalse();
      assertThat(intAdd.result()).isEqualTo("integer");
      Routine textAdd = cluster.routines().get("rt_a.add(a text, b text)").block(TIMEOUT);
      assertThat(textAdd.language()).isEqualTo("plpgsql");
      assertThat(textAdd.volatility()).isEqualTo("stable");
      assertThat(textAdd.isSecurityDefiner()).isTrue();
      assertThat(textAdd.parallel()).isEqualTo("unsafe");
      assertThat(cluster.routines().get("rt_a", "noop", "IN n integer").onErrorResume(e ->
          cluster.routines().get("rt_a", "noop", "n integer")).block(TIMEOUT).kind()).isEqualTo(RoutineKind.PROCEDURE);
      Routine agg = cluster.routines().get("rt_a", "my_sum", "integer").block(TIMEOUT);
      assertThat(agg.kind()).isEqualTo(RoutineKind.AGGREGATE);
      // overloads by argument types, resolved by the server (aliases and argument names do not matter)
      assertThat(cluster.routines().byArgumentTypes("rt_a", "add", "int4", "int").block(TIMEOUT).oid()).isEqualTo(intAdd.oid());
      assertThat(cluster.routines().byArgumentTypes("rt_a", "add", "text", "text").block(TIMEOUT).oid()).isEqualTo(textAdd.oid());
      assertThat(cluster.routines().byArgumentTypes("rt_a", "my_sum", "integer").block(TIMEOUT).oid()).isEqualTo(agg.oid());
      assertThatThrownBy(() -> cluster.routines().byArgumentTypes("rt_a", "add", "bigint", "bigint").block(TIMEOUT))
          .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("\"rt_a\".\"add\"(bigint, bigint)");
      assertThat(cluster.routines().all().filter(r -> r.schema().equals("pg_catalog")).count().block(TIMEOUT)).isZero();
    } finally {
      cluster.executeScript("DROP SCHEMA rt_a CASCADE; DROP SCHEMA rt_b CASCADE; DROP ROLE rt_owner").block(TIMEOUT);
    }
  }

  @Test
  void alterScriptAndDropOneOverload(Cluster cluster) {
    cluster.executeScript(DDL).block(TIMEOUT);
    try {
      Routine intAdd = cluster.routines().get("rt_a", "add", "a integer, b integer").block(TIMEOUT);
      Routine.Alteration a = intAdd.alter().owner("rt_owner").rename("plus").schema("rt_b");
      assertThat(a.plan().statements()).containsExactly(
          "ALTER FUNCTION \"rt_a\".\"add\"(a integer, b integer) OWNER TO \"rt_owner\";",
          "ALTER FUNCTION \"rt_a\".\"add\"(a integer, b integer) RENAME TO \"plus\";",
          "ALTER FUNCTION \"rt_a\".\"plus\"(a integer, b integer) SET SCHEMA \"rt_b\";");
      Routine moved = a.apply().block(TIMEOUT);
      assertThat(moved.signature()).isEqualTo("rt_b.plus(a integer, b integer)");
      assertThat(moved.owner()).isEqualTo("rt_owner");
      assertThat(cluster.scalar("SELECT rt_b.plus(2, 3)", Integer.class).block(TIMEOUT)).isEqualTo(5);
      // the other overload is untouched
      assertThat(cluster.routines().get("rt_a", "add", "a text, b text").block(TIMEOUT).owner()).isEqualTo("postgres");

      String script = moved.script().block(TIMEOUT);
      assertThat(script).startsWith("CREATE OR REPLACE FUNCTION rt_b.plus(a integer, b integer)")
          .contains("IMMUTABLE PARALLEL SAFE STRICT", "SELECT a + b")
          .endsWith("ALTER FUNCTION \"rt_b\".\"plus\"(a integer, b integer) OWNER TO \"rt_owner\";\n");
      moved.drop(false).block(TIMEOUT);
      assertThat(cluster.routines().contains(moved.signature()).block(TIMEOUT)).isFalse();
      cluster.executeScript(script).block(TIMEOUT);
      cluster.routines().refresh().block(TIMEOUT);
      assertThat(cluster.scalar("SELECT rt_b.plus(2, 3)", Integer.class).block(TIMEOUT)).isEqualTo(5);

      Routine agg = cluster.routines().get("rt_a", "my_sum", "integer").block(TIMEOUT);
      String aggScript = agg.script().block(TIMEOUT);
      assertThat(aggScript).startsWith("CREATE AGGREGATE \"rt_a\".\"my_sum\"(integer) (")
          .contains("SFUNC = int4pl", "STYPE = integer", "INITCOND = '0'");
      agg.drop(false).block(TIMEOUT);
      cluster.executeScript(aggScript).block(TIMEOUT);
      assertThat(cluster.scalar("SELECT rt_a.my_sum(x) FROM generate_series(1, 4) x", Integer.class).block(TIMEOUT)).isEqualTo(10);

      cluster.update("CREATE VIEW rt_a.uses AS SELECT rt_a.add('a'::text, 'b'::text) AS v").block(TIMEOUT);
      Routine textAdd = cluster.routines().refresh().then(reactor.core.publisher.Mono.defer(
          () -> cluster.routines().get("rt_a", "add", "a text, b text"))).block(TIMEOUT);
      assertThatThrownBy(() -> textAdd.drop(false).block(TIMEOUT)).hasMessageContaining("depend");
      textAdd.drop(true).block(TIMEOUT);
      assertThat(cluster.scalar("SELECT count(*) FROM pg_views WHERE schemaname = 'rt_a'", Long.class).block(TIMEOUT)).isZero();
    } finally {
      cluster.executeScript("DROP SCHEMA rt_a CASCADE; DROP SCHEMA rt_b CASCADE; DROP ROLE rt_owner").block(TIMEOUT);
    }
  }

  @Test
  void unknownOverloadIsNotFound(Cluster cluster) {
    assertThatThrownBy(() -> cluster.routines().get("public", "no_such_fn", "integer").block(TIMEOUT))
        .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("routine \"public.no_such_fn(integer)\" does not exist");
  }
}
