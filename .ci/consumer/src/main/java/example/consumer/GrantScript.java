package example.consumer;

import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.util.List;
import reactor.core.publisher.Flux;

/** Builds role statements with pgmob's SQL composition, streamed as a Reactor {@code Flux}. */
public final class GrantScript {

  private GrantScript() {}

  /** One {@code ALTER ROLE ... CONNECTION LIMIT} per role, quoted by pgmob. */
  public static Flux<Sql> connectionLimits(List<String> roles, int limit) {
    return Flux.fromIterable(roles)
        .map(Identifier::of)
        .map(role -> Sql.format("ALTER ROLE {} CONNECTION LIMIT " + limit, role));
  }

  /** A comment statement with a quoted literal. */
  public static Sql comment(String role, String text) {
    return Sql.format("COMMENT ON ROLE {} IS {}", Identifier.of(role), Literal.of(text));
  }

  public static void main(String[] args) {
    connectionLimits(List.of("app", "Reporting"), 20).map(Sql::toString).toStream().forEach(System.out::println);
  }
}
