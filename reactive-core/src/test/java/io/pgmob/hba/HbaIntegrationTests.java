package io.pgmob.hba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.os.CommandLine;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.pgmob.testkit.PgMatrix;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Server;
import io.pgmob.testsupport.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@PgTest
class HbaIntegrationTests {

  @PgMatrix
  void readsTheFileByteExactAndParsesEveryRuleTheServerSees(PgServer server, Cluster cluster) throws Exception {
    HbaFile f = cluster.hbaRules().read().block();
    Path onDisk = Path.of(f.path());
    assertThat(onDisk.startsWith(server.dataDirectory().orElseThrow())).isTrue();
    assertThat(f.originalBytes()).isEqualTo(Files.readAllBytes(onDisk));
    assertThat(f.bytes()).isEqualTo(f.originalBytes());
    Long serverRules = cluster.scalar("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL", Long.class).block();
    assertThat(f.rules()).hasSize(serverRules.intValue());
    assertThat(cluster.hbaRules().contains(HbaRule.host("all", "all", "127.0.0.1/32", "scram-sha-256")).block()).isTrue();
    assertThat(cluster.hbaRules().errors().block()).isEmpty();
  }

  @Test
  void aRejectRuleIsValidatedReloadedAndHonouredByANewConnection(
      @Server(isolated = true) PgServer server) throws Exception {
    Cluster admin = TestClusters.connect(server);
    try {
      String role = "hba_victim";
      admin.update(Sql.format("CREATE ROLE {} LOGIN PASSWORD {}", Identifier.of(role), Literal.secret("pw"))).block();
      var spec = TestClusters.spec(server).withUser(role, "pw");
      Cluster.connect(spec).flatMap(Cluster::close).block(Duration.ofSeconds(20));

      HbaRule deny = HbaRule.host("postgres", role, "127.0.0.1/32", "reject");
      HbaFile before = admin.hbaRules().read().block();
      HbaFile after = admin.hbaRules().insert(0, deny).block();
      assertThat(after.rules().get(0)).isEqualTo(deny);
      assertThat(after.rules().subList(1, after.rules().size())).isEqualTo(before.rules());
      assertThat(Files.readAllBytes(Path.of(HbaRules.backupPath(after)))).isEqualTo(before.originalBytes());
      assertThatThrownBy(() -> Cluster.connect(spec).block(Duration.ofSeconds(20)))
          .isInstanceOf(AuthenticationFailedException.class);

      HbaFile restored = admin.hbaRules().remove(deny).block();
      assertThat(restored.originalBytes()).isEqualTo(before.originalBytes());
      Cluster.connect(spec).flatMap(Cluster::close).block(Duration.ofSeconds(20));
    } finally {
      admin.close().block();
    }
  }

  @PgMatrix
  void aRejectedRuleIsRolledBackBeforeAnyReloadAndTheOldRulesStillApply(
      @Server(isolated = true) PgServer server) throws Exception {
    Cluster admin = TestClusters.connect(server);
    try {
      HbaFile before = admin.hbaRules().read().block();
      HbaRule bogus = HbaRule.host("all", "all", "127.0.0.1/32", "no-such-method");
      int line = before.insert(0, bogus).lines().indexOf(bogus.render()) + 1;
      assertThatThrownBy(() -> before.insert(0, bogus).alter().block())
          .isInstanceOfSatisfying(HbaRuleRejectedException.class, e -> {
            assertThat(e.errors()).singleElement().asString().contains("line " + line + ":").contains("no-such-method");
            assertThat(e.getMessage()).contains("restored");
          });
      assertThat(Files.readAllBytes(Path.of(before.path()))).isEqualTo(before.originalBytes());
      assertThat(admin.hbaRules().errors().block()).isEmpty();
      // old rules still in force, and a reload now (or a restart) finds a valid file
      assertThat(admin.reload().block()).isTrue();
      TestClusters.connect(server).close().block();

      // another tool edits the file after our read: our write is refused, its edit survives
      admin.runOsCommand(CommandLine.of("sh", "-c", "printf '# edited by another tool\\n' >> \"$1\"", "sh",
          before.path())).block();
      assertThatThrownBy(() -> before.add(HbaRule.local("all", "all", "trust")).alter().block())
          .isInstanceOf(HbaFileChangedException.class);
      assertThat(Files.readString(Path.of(before.path()))).endsWith("# edited by another tool\n");
    } finally {
      admin.close().block();
    }
  }
}
