package io.pgmob;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgTest;
import java.util.List;

/** Names and values that need exact quoting round-trip through a real server on every major. */
@PgTest
class QuotingIntegrationTests {

  static final List<String> NASTY = List.of(
      "with space", "Mixed", "quo\"te", "single'quote", "back\\slash", "trailing\\", "ünïcødé-名前",
      "select", "user", "a;DROP TABLE x;--", "$1", "$$", "emoji😀", "x".repeat(63));

  @PgMatrix
  void nastyNamesAreCreatedFoundAndDropped(Cluster cluster) {
    for (String name : NASTY) {
      Identifier id = Identifier.of(name);
      cluster.update(Sql.format("CREATE SCHEMA {}", id)).block(TIMEOUT);
      cluster.update(Sql.format("CREATE TABLE {} (v text)", QualifiedName.of(name, name))).block(TIMEOUT);
      assertThat(cluster.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = $1",
          Long.class, name).block(TIMEOUT)).as(name).isEqualTo(1L);
      cluster.update(Sql.format("DROP SCHEMA {} CASCADE", id)).block(TIMEOUT);
      assertThat(cluster.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = $1", Long.class, name).block(TIMEOUT))
          .as(name).isZero();
    }
  }

  @PgMatrix
  void literalsRoundTripAndInjectionStaysData(Cluster cluster) {
    List<String> values = List.of("it's", "a\\b", "\\'; DROP TABLE t; --", "E'\\x41'", "$$; SELECT 1; $$",
        "line\nbreak\ttab", "名前😀", "");
    for (String v : values) {
      String back = cluster.execute(Sql.format("SELECT {} AS v", Literal.of(v)))
          .next().map(r -> r.getString("v")).block(TIMEOUT);
      assertThat(back).as(v).isEqualTo(v);
    }
    // the same under standard_conforming_strings = off, where '\' is an escape in plain literals
    cluster.update("SET standard_conforming_strings = off").block(TIMEOUT);
    try {
      for (String v : values) {
        String back = cluster.execute(Sql.format("SELECT {} AS v", Literal.of(v)))
            .next().map(r -> r.getString("v")).block(TIMEOUT);
        assertThat(back).as("scs=off " + v).isEqualTo(v);
      }
    } finally {
      cluster.update("SET standard_conforming_strings = on").block(TIMEOUT);
    }
  }

  @PgMatrix
  void roleNamesWithQuotesAndKeywordsWork(Cluster cluster) {
    for (String name : List.of("role with \"quotes\"", "ROLE", "o'brien")) {
      cluster.update(Sql.format("CREATE ROLE {} PASSWORD {}", Identifier.of(name), Literal.secret("pw'\\x"))).block(TIMEOUT);
      assertThat(cluster.scalar("SELECT count(*) FROM pg_roles WHERE rolname = $1", Long.class, name).block(TIMEOUT))
          .isEqualTo(1L);
      cluster.update(Sql.format("DROP ROLE {}", Identifier.of(name))).block(TIMEOUT);
    }
  }
}
