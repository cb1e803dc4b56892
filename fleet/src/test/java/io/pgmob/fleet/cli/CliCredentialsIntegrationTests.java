package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credential references of an inventory are resolved before any connection; a missing one fails once, by name. */
@PgTest
class CliCredentialsIntegrationTests {

  @TempDir
  Path dir;

  @Test
  void aMissingReferenceOfAnyProviderFailsOnceNamingItAndItsTargetsBeforeAnyConnection(PgServer server,
      Cluster admin) throws Exception {
    admin.update("DROP DATABASE IF EXISTS clicred WITH (FORCE)").block(Duration.ofSeconds(60));
    admin.update("CREATE DATABASE clicred").block(Duration.ofSeconds(60));
    Path good = TestInventory.write(dir, List.of(new TestInventory.Entry("good", server, "clicred", Map.of())));
    Path missing = dir.resolve("no-such-secret");
    String unset = "PGMOB_TEST_UNSET_" + Long.toHexString(System.nanoTime());
    String target = "  - {name: %s, host: %s, port: %d, database: clicred, user: %s, password: '%s'}\n";
    Path pgpass = dir.resolve("pgpass");
    Files.writeString(pgpass, "otherhost:*:*:*:pgpass-secret-1\n");
    Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path broken = dir.resolve("token-cmd");
    Files.writeString(broken, "#!/bin/sh\necho exec-secret-2\nexit 5\n");
    Files.setPosixFilePermissions(broken, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path missingCa = dir.resolve("no-such-ca.pem");
    String inventory = Files.readString(good)
        + target.formatted("by-file-1", server.host(), server.port(), server.superuser(), "file:" + missing)
        + target.formatted("by-file-2", server.host(), server.port(), server.superuser(), "file:" + missing)
        + target.formatted("by-env", server.host(), server.port(), server.superuser(), "env:" + unset)
        + target.formatted("by-pgpass", server.host(), server.port(), server.superuser(), "pgpass:" + pgpass)
        + target.formatted("by-exec", server.host(), server.port(), server.superuser(), "exec:" + broken)
        + "  - {name: by-ca, host: %s, port: %d, database: clicred, user: %s, sslmode: verify-ca, sslrootcert: '%s'}\n"
            .formatted(server.host(), server.port(), server.superuser(), missingCa);
    Path inv = dir.resolve("creds.yaml");
    Files.writeString(inv, inventory);

    CliRun run = CliRun.run("fleet", "rollout", "-i", inv.toString(), "--sql", "CREATE TABLE clicred_t (x int)");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.toString())
        .contains("file:" + missing, "does not exist", "by-file-1, by-file-2")
        .contains("env:" + unset, "is not set", "by-env")
        .contains("pgpass:" + pgpass, "has no entry for " + server.host() + ":" + server.port() + ":clicred:", "by-pgpass")
        .contains("exec:" + broken, "exited with 5", "by-exec")
        .contains("sslrootcert " + missingCa, "does not exist", "by-ca")
        .doesNotContain("pgpass-secret-1").doesNotContain("exec-secret-2")
        .doesNotContain("PostgreSQL protocol")
        .doesNotContain("good");
    assertThat(run.err().lines().filter(l -> l.contains("file:" + missing))).as(run.toString()).hasSize(1);
    // nothing ran, not even on the target whose password was there
    Cluster c = TestClusters.connect(server, "clicred");
    try {
      assertThat(c.scalar("SELECT to_regclass('clicred_t') IS NULL", Boolean.class).block(Duration.ofSeconds(30)))
          .isTrue();
    } finally {
      c.close().block(Duration.ofSeconds(30));
    }

    CliRun query = CliRun.run("fleet", "query", "-i", inv.toString(), "-s", "name=by-env", "SELECT 1");
    assertThat(query.exitCode()).as(query.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(query.err()).contains("env:" + unset, "by-env").doesNotContain("PostgreSQL protocol");
  }
}
