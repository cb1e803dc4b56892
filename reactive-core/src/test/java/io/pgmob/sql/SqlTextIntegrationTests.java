package io.pgmob.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.role.RoleSpec;
import io.pgmob.testkit.PgTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
