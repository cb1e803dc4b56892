package io.pgmob.fleet.cli;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.time.Duration;

/**
 * A library program run in its own JVM by {@link DebugLoggingIntegrationTests}: sets a role's
 * password through {@code Literal.secret}, with the CLI's logging configuration at DEBUG.
 * Arguments: host port user password database role secret.
 */
public final class DebugLogChild {

  private DebugLogChild() {}

  public static void main(String[] args) {
    Main.configureLogging(true);
    ConnectionSpec spec = ConnectionSpec.builder().host(args[0]).port(Integer.parseInt(args[1])).user(args[2])
        .password(args[3]).database(args[4]).sslMode(SslMode.DISABLE).build();
    Cluster c = Cluster.connect(spec).block(Duration.ofSeconds(60));
    try {
      c.update(Sql.format("ALTER ROLE {} PASSWORD {}", Identifier.of(args[5]), Literal.secret(args[6])))
          .block(Duration.ofSeconds(60));
      // a failing statement: its error (and the log of it) must not carry the secret either
      c.update(Sql.format("ALTER ROLE {} PASSWORD {}", Identifier.of(args[5] + "_missing"), Literal.secret(args[6])))
          .onErrorResume(e -> reactor.core.publisher.Mono.empty())
          .block(Duration.ofSeconds(60));
    } finally {
      c.close().block(Duration.ofSeconds(60));
    }
  }
}
