package io.pgmob.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.role.RoleSpec;
import io.pgmob.testkit.PgTest;
import java.time.Duration;
import java.util.List;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.Row;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Text that is not valid UTF-16 never reaches the server altered: every kind refuses it first. */
@PgTest
class SqlTextIntegrationTests {

  private static final String NAME = "pgmob_sur\ud83d"; // an unpaired high surrogate at index 9

  @Test
  void aNameOrValueWithAnUnpairedSurrogateIsRefusedByEveryKindAndNothingIsCreated(Cluster cluster) {
    List<Runnable> attempts = List.of(
        () -> cluster.roles().create(RoleSpec.named(NAME)).block(Duration.ofSeconds(30)),
        () -> cluster.databases().create(NAME).block(Duration.ofSeconds(60)),
        () -> cluster.schemas().create(NAME).block(Duration.ofSeconds(30)),
        () -> cluster.scalar(Sql.format("SELECT {}", Literal.of(NAME)).text(), String.class).block(Duration.ofSeconds(30)));
    for (Runnable attempt : attempts) {
      assertThatThrownBy(attempt::run).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("unpaired high surrogate U+D83D at index 9");
    }
    // what the server would have got instead: the name with '?'
    String mangled = "pgmob_sur?";
    assertThat(cluster.scalar("SELECT count(*) FROM pg_roles WHERE rolname = $1", Long.class, mangled)
        .block(Duration.ofSeconds(30))).isZero();
    assertThat(cluster.scalar("SELECT count(*) FROM pg_database WHERE datname = $1", Long.class, mangled)
        .block(Duration.ofSeconds(30))).isZero();
    assertThat(cluster.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = $1", Long.class, mangled)
        .block(Duration.ofSeconds(30))).isZero();
  }

  private static void refused(Flux<?> statement, String... messageParts) {
    StepVerifier.create(statement)
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(InvalidInputException.class);
          for (String part : messageParts) {
            assertThat(e).hasMessageContaining(part);
          }
        })
        .verify(Duration.ofSeconds(60));
  }

  @Test
  void boundParametersAndStatementTextAreHeldToTheSameRuleBeforeAnythingReachesTheServer(Cluster cluster) {
    cluster.update("CREATE TABLE sqltext_bound (t text)").block(Duration.ofSeconds(30));
    try {
      refused(cluster.execute("INSERT INTO sqltext_bound VALUES ($1) RETURNING t", NAME),
          "bind parameter $1", "unpaired high surrogate U+D83D at index 9");
      refused(cluster.update("INSERT INTO sqltext_bound SELECT $1 || $2", "ok", "a\0b").flux(),
          "bind parameter $2", "NUL character (found at index 1)");
      refused(cluster.executeStatement("INSERT INTO sqltext_bound SELECT unnest($1::text[]) RETURNING t",
          (Object) new String[] {"ok", "\udc00"}), "bind parameter $1 element [1]", "unpaired low surrogate U+DC00 at index 0");
      refused(cluster.execute("INSERT INTO sqltext_bound VALUES ($1::text) RETURNING t", '\ud83d'),
          "bind parameter $1", "unpaired high surrogate");
      // the text of the statement itself, also through the simple protocol and a script
      refused(cluster.execute("INSERT INTO sqltext_bound VALUES ('" + NAME + "') RETURNING t"),
          "the SQL text", "unpaired high surrogate U+D83D");
      refused(cluster.executeScript("INSERT INTO sqltext_bound VALUES ('x'); -- \0").flux(),
          "the SQL text", "NUL character");
      assertThat(cluster.scalar("SELECT count(*) FROM sqltext_bound", Long.class).block(Duration.ofSeconds(30)))
          .as("nothing was inserted (the driver would have sent '?')").isZero();
      // valid text outside the BMP (a surrogate pair) goes through unchanged
      StepVerifier.create(cluster.execute("SELECT $1::text AS t", "x\ud83d\ude00").map((Function<Row, String>) r -> r.getString("t")))
          .expectNext("x\ud83d\ude00")
          .verifyComplete();
    } finally {
      cluster.update("DROP TABLE sqltext_bound").block(Duration.ofSeconds(30));
    }
  }

  @Test
  void aConnectionWhoseStartUpNamesCannotReachTheServerUnchangedIsRefused() {
    assertThatThrownBy(() -> ConnectionSpec.builder().user("admin\0x").build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("user name").hasMessageContaining("NUL");
    assertThatThrownBy(() -> ConnectionSpec.fromUri("postgresql://admin@localhost/db%00x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("database name");
    assertThatThrownBy(() -> ConnectionSpec.builder().user("u").option("search_path", "a\ud83d").build())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("connection option search_path");
  }
}
