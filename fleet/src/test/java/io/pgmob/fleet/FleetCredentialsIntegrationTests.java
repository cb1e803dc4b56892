package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** A password reference that cannot be read fails the cluster by name, before connecting, and is not retried. */
@PgTest
class FleetCredentialsIntegrationTests {

  @TempDir
  Path dir;

  @Test
  void aMissingPasswordFileFailsTheClusterNamingTheReferenceWithoutRetrying(PgServer server) {
    Path missing = dir.resolve("gone");
    Target t = Target.builder("no-secret").host(server.host()).port(server.port()).database("postgres")
        .user(server.superuser()).sslMode(io.pgmob.session.SslMode.DISABLE)
        .credentials(Credentials.file(missing)).build();
    Fleet fleet = Fleet.create(Inventory.of(t), FleetOptions.builder().retry(RetryPolicy.DEFAULT.withMaxAttempts(3)).build());

    StepVerifier.create(fleet.run(Selector.all(), c -> c.scalar("SELECT 1", Integer.class)))
        .assertNext(r -> {
          assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
          assertThat(r.message()).contains("no-secret", "file:" + missing, "does not exist")
              .doesNotContain("PostgreSQL protocol");
          assertThat(r.attempts()).isEqualTo(1);
        })
        .expectComplete()
        .verify(Duration.ofSeconds(60));
  }
}
