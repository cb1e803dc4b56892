package io.pgmob.fleet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.session.SslMode;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Each credential provider logs a role in on a real server: PGPASSWORD, the password file with
 * libpq's rules, libpq's order of the two, and a command's token kept until it expires and then
 * fetched anew after the role's password changed. Failures name the reference, never the secret.
 */
@PgTest
class CredentialProvidersIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  /** A login role with {@code password}; returns its name. */
  private static String role(Cluster admin, String password) {
    String name = "cred_" + UUID.randomUUID().toString().substring(0, 8);
    admin.update("CREATE ROLE " + name + " LOGIN PASSWORD '" + password.replace("'", "''") + "'").block(T);
    return name;
  }

  private static Target target(PgServer server, String user, Credentials credentials) {
    return Target.builder("t-" + user).host(server.host()).port(server.port()).database("postgres").user(user)
        .sslMode(SslMode.DISABLE).credentials(credentials).build();
  }

  /** Connects with the target's spec and answers current_user. */
  private static Mono<String> login(Target t) {
    return Mono.usingWhen(Cluster.connect(t.spec()), c -> c.scalar("SELECT current_user", String.class), Cluster::close);
  }

  private Path secretFile(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  @Test
  void pgpasswordLogsInAndAMissingOneIsNamed(PgServer server, Cluster admin) {
    String pw = "pgpw-" + UUID.randomUUID();
    String user = role(admin, pw);
    StepVerifier.create(login(target(server, user, Credentials.pgpassword(Map.of("PGPASSWORD", pw)::get))))
        .expectNext(user)
        .verifyComplete();
    StepVerifier.create(login(target(server, user, Credentials.pgpassword(Map.<String, String>of()::get))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("PGPASSWORD").hasMessageContaining("is not set"))
        .verify(T);
  }

  @Test
  void thePasswordFileFollowsLibpqsRules(PgServer server, Cluster admin) throws Exception {
    String pw = "a:b\\c-" + UUID.randomUUID().toString().substring(0, 6);   // a colon and a backslash, escaped in the file
    String user = role(admin, pw);
    String escaped = pw.replace("\\", "\\\\").replace(":", "\\:");
    Path file = secretFile("pgpass", """
        # comments and other entries first
        otherhost:*:*:*:not-this-one
        %s:%d:otherdb:%s:nor-this-one
        *:%d:postgres:%s:%s
        *:*:*:*:the-catch-all
        """.formatted(server.host(), server.port(), user, server.port(), user, escaped));

    StepVerifier.create(login(target(server, user, Credentials.pgpass(file))))
        .expectNext(user)
        .verifyComplete();
    // libpq's order: PGPASSWORD wins when it is set, else PGPASSFILE
    StepVerifier.create(login(target(server, user, Credentials.libpq(Map.of("PGPASSFILE", file.toString())::get))))
        .expectNext(user)
        .verifyComplete();
    StepVerifier.create(login(target(server, user,
            Credentials.libpq(Map.of("PGPASSFILE", file.toString(), "PGPASSWORD", "wrong")::get))))
        .expectError(AuthenticationFailedException.class)
        .verify(T);

    // no entry for this connection: named by host:port:database:user, no password of the file shown
    Path noEntry = secretFile("pgpass-other", "otherhost:*:*:*:" + pw.replace(":", "\\:") + "\n");
    StepVerifier.create(login(target(server, user, Credentials.pgpass(noEntry))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("has no entry for " + server.host() + ":" + server.port() + ":postgres:" + user)
            .hasMessageNotContaining("a:b"))
        .verify(T);

    // a file its group or others may read is ignored, as libpq ignores it
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    StepVerifier.create(login(target(server, user, Credentials.pgpass(file))))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("group or world access").hasMessageContaining("0600"))
        .verify(T);
  }

  @Test
  void anExecTokenIsKeptUntilItExpiresThenFetchedAgain(PgServer server, Cluster admin) throws Exception {
    String first = "tok1-" + UUID.randomUUID();
    String second = "tok2-" + UUID.randomUUID();
    String user = role(admin, first);
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    AtomicReference<Instant> now = new AtomicReference<>(start);
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    Path token = secretFile("token", first);
    Path expiry = secretFile("expiry", start.plus(Duration.ofMinutes(15)).toString());
    Path runs = dir.resolve("runs");
    Path script = dir.resolve("db-token");
    // a credential plugin: counts its runs, prints the current token and its expiry as JSON
    Files.writeString(script, """
        #!/bin/sh
        echo run >> '%s'
        printf '{"token":"%%s","expiresAt":"%%s"}\\n' "$(cat '%s')" "$(cat '%s')"
        """.formatted(runs, token, expiry));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Target t = target(server, user, Credentials.exec(List.of(script.toString()), clock));

    StepVerifier.create(login(t)).expectNext(user).verifyComplete();
    StepVerifier.create(login(t)).expectNext(user).verifyComplete();
    assertThat(Files.readAllLines(runs)).as("the token is kept while it is valid").hasSize(1);

    // the password rotates: the old token stays valid until it expires, the command now prints the new one
    admin.update("ALTER ROLE " + user + " PASSWORD '" + second + "'").block(T);
    Files.writeString(token, second);
    Files.writeString(expiry, start.plus(Duration.ofMinutes(30)).toString());
    now.set(start.plus(Duration.ofMinutes(15)));
    StepVerifier.create(login(t)).expectNext(user).verifyComplete();
    assertThat(Files.readAllLines(runs)).as("an expired token is fetched again").hasSize(2);
    assertThat(t.toString()).doesNotContain(second).contains("exec:" + script);
  }

  @Test
  void aFailingCommandIsNamedWithoutItsOutput(PgServer server, Cluster admin) throws Exception {
    String user = role(admin, "whatever-" + UUID.randomUUID());
    Path script = dir.resolve("broken-token");
    Files.writeString(script, "#!/bin/sh\necho 'secret-leak-123' >&2\necho 'secret-leak-456'\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Target t = target(server, user, Credentials.parse("exec:" + script + " --cluster db1"));

    StepVerifier.create(login(t))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("exec:" + script + " --cluster db1")
            .hasMessageContaining("exited with 3")
            .hasMessageNotContaining("secret-leak"))
        .verify(T);
    assertThat(Credentials.unreadable(List.of(t))).singleElement().asString()
        .contains("exec:" + script, "t-" + user, "exited with 3").doesNotContain("secret-leak");
  }
}
