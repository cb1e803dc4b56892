package io.pgmob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.PgmobException;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A secret literal in a failing statement appears nowhere in what the failure carries. */
@PgTest
class SecretRedactionIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private static void assertNowhere(Throwable failure, String secret) {
    assertThat(failure).isInstanceOf(PgmobException.class);
    for (Throwable c = failure; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain(secret);
      assertThat(c.toString()).doesNotContain(secret);
      assertThat(c).isNotInstanceOf(io.r2dbc.spi.R2dbcException.class);
    }
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(secret);
  }

  @Test
  void aSecretTheServerEchoesInItsMessageIsScrubbed(Cluster cluster) {
    String secret = "s3cr3t-" + UUID.randomUUID();
    assertThatThrownBy(() -> cluster.execute(Sql.format("SELECT {}::int", Literal.secret(secret))).blockLast(BOUND))
        .satisfies(e -> assertNowhere(e, secret))
        .hasMessageContaining("22P02")
        .hasMessageContaining("'***'");
  }

  @Test
  void aFailingStatementWithASecretKeepsItOutOfTheCauseChain(Cluster cluster) {
    String secret = "s3cr3t-" + UUID.randomUUID();
    assertThatThrownBy(() -> cluster.update(Sql.format("ALTER ROLE {} PASSWORD {}", Identifier.of("no_such_role_x"),
            Literal.secret(secret))).block(BOUND))
        .satisfies(e -> assertNowhere(e, secret))
        .hasMessageContaining("42704")
        .hasMessageContaining("no_such_role_x");
  }

  @Test
  void anEscapedSecretIsScrubbedToo(Cluster cluster) {
    String secret = "back\\slash'quote-" + UUID.randomUUID();
    assertThatThrownBy(() -> cluster.execute(Sql.format("SELECT {}::int", Literal.secret(secret))).blockLast(BOUND))
        .satisfies(e -> assertNowhere(e, secret))
        .satisfies(e -> assertNowhere(e, secret.substring(secret.indexOf('-') + 1)));
  }
}
