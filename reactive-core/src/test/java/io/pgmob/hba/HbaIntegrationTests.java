package io.pgmob.hba;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@PgTest
class HbaIntegrationTests {

  @PgMatrix
  void readsTheFileByteExactAndParsesEveryRuleTheServerSees(PgServer server, Cluster cluster) throws Exception {
    HbaFile f = cluster.hbaRules().read().block(TIMEOUT);
    Path onDisk = Path.of(f.path());
    assertThat(onDisk.startsWith(server.dataDirectory().orElseThrow())).isTrue();
    assertThat(f.originalBytes()).isEqualTo(Files.readAllBytes(onDisk));
    assertThat(f.bytes()).isEqualTo(f.originalBytes());
    Long serverRules = cluster.scalar("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL", Long.class).block(TIMEOUT);
    assertThat(f.rules()).hasSize(serverRules.intValue());
    assertThat(cluster.hbaRules().contains(HbaRule.host("all", "all", "127.0.0.1/32", "scram-sha-256")).block(TIMEOUT)).isTrue();
    assertThat(cluster.hbaRules().errors().block(TIMEOUT)).isEmpty();
  }

  @Test
  void aRejectRuleIsValidatedReloadedAndHonouredByANewConnection(
      @Server(isolated = true) PgServer server) throws Exception {
    Cluster admin = TestClusters.connect(server);
    try {
      String role = "hba_victim";
      admin.update(Sql.format("CREATE ROLE {} LOGIN PASSWORD {}", Identifier.of(role), Literal.secret("pw"))).block(TIMEOUT);
      var spec = TestClusters.spec(server).withUser(role, "pw");
      Cluster.connect(spec).flatMap(Cluster::close).block(Duration.ofSeconds(20));

      HbaRule deny = HbaRule.host("postgres", role, "127.0.0.1/32", "reject");
      HbaFile before = admin.hbaRules().read().block(TIMEOUT);
      HbaFile after = admin.hbaRules().insert(0, deny).block(TIMEOUT);
      assertThat(after.rules().get(0)).isEqualTo(deny);
      assertThat(after.rules().subList(1, after.rules().size())).isEqualTo(before.rules());
      assertThat(Files.readAllBytes(Path.of(HbaRules.backupPath(after)))).isEqualTo(before.originalBytes());
      assertThatThrownBy(() -> Cluster.connect(spec).block(Duration.ofSeconds(20)))
          .isInstanceOf(AuthenticationFailedException.class);

      HbaFile restored = admin.hbaRules().remove(deny).block(TIMEOUT);
      assertThat(restored.originalBytes()).isEqualTo(before.originalBytes());
      Cluster.connect(spec).flatMap(Cluster::close).block(Duration.ofSeconds(20));
    } finally {
      admin.close().block(TIMEOUT);
    }
  }

  @PgMatrix
  void aRejectedRuleIsRolledBackBeforeAnyReloadAndTheOldRulesStillApply(
      @Server(isolated = true) PgServer server) throws Exception {
    Cluster admin = TestClusters.connect(server);
    try {
      HbaFile before = admin.hbaRules().read().block(TIMEOUT);
      HbaRule bogus = HbaRule.host("all", "all", "127.0.0.1/32", "no-such-method");
      int line = before.insert(0, bogus).lines().indexOf(bogus.render()) + 1;
      assertThatThrownBy(() -> before.insert(0, bogus).alter().block(TIMEOUT))
          .isInstanceOfSatisfying(HbaRuleRejectedException.class, e -> {
            assertThat(e.errors()).singleElement().asString().contains("line " + line + ":").contains("no-such-method");
            assertThat(e.getMessage()).contains("restored");
          });
      assertThat(Files.readAllBytes(Path.of(before.path()))).isEqualTo(before.originalBytes());
      assertThat(admin.hbaRules().errors().block(TIMEOUT)).isEmpty();
      // old rules still in force, and a reload now (or a restart) finds a valid file
      assertThat(admin.reload().block(TIMEOUT)).isTrue();
      TestClusters.connect(server).close().block(TIMEOUT);

      // another tool edits the file after our read: our write is refused, its edit survives
      admin.runOsCommand(CommandLine.of("sh", "-c", "printf '# edited by another tool\\n' >> \"$1\"", "sh",
          before.path())).block(TIMEOUT);
      assertThatThrownBy(() -> before.add(HbaRule.local("all", "all", "trust")).alter().block(TIMEOUT))
          .isInstanceOf(HbaFileChangedException.class);
      assertThat(Files.readString(Path.of(before.path()))).endsWith("# edited by another tool\n");
    } finally {
      admin.close().block(TIMEOUT);
    }
  }

  @Test
  void concurrentWritersFromSeparateSessionsNeverLoseAnUpdate(@Server(isolated = true) PgServer server) {
    Cluster admin = TestClusters.connect(server);
    admin.update("CREATE DATABASE hba_other").block(Duration.ofSeconds(60));
    int writers = 8;
    List<Cluster> sessions = new ArrayList<>();
    try {
      // half the writers are connected to another database: advisory locks do not reach them
      for (int i = 0; i < writers; i++) {
        sessions.add(TestClusters.connect(server, i % 2 == 0 ? server.database() : "hba_other"));
      }
      HbaFile before = admin.hbaRules().read().block(Duration.ofSeconds(30));
      List<HbaRule> rules = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        rules.add(HbaRule.host("db" + i, "writer" + i, "10.9." + i + ".0/24", "reject"));
      }
      List<HbaRule> reported = Collections.synchronizedList(new ArrayList<>());
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      Flux.range(0, writers)
          .flatMap(i -> sessions.get(i).hbaRules().add(rules.get(i))
              .doOnNext(f -> reported.add(rules.get(i)))
              .onErrorResume(e -> {
                failures.add(e);
                return Mono.empty();
              })
              .subscribeOn(Schedulers.parallel()), writers)
          .blockLast(Duration.ofSeconds(180));

      HbaFile after = admin.hbaRules().read().block(Duration.ofSeconds(30));
      assertThat(reported).allSatisfy(r -> assertThat(after.rules()).contains(r));
      assertThat(failures).isEmpty();
      assertThat(after.rules()).containsAll(rules).containsAll(before.rules());
      assertThat(admin.hbaRules().errors().block(Duration.ofSeconds(30))).isEmpty();

      // removals race the same way
      Flux.range(0, writers)
          .flatMap(i -> sessions.get(i).hbaRules().remove(rules.get(i)).subscribeOn(Schedulers.parallel()), writers)
          .blockLast(Duration.ofSeconds(180));
      assertThat(admin.hbaRules().read().block(Duration.ofSeconds(30)).rules()).isEqualTo(before.rules());
    } finally {
      sessions.forEach(c -> c.close().block(Duration.ofSeconds(30)));
      admin.close().block(Duration.ofSeconds(30));
    }
  }

  @Test
  void aRuleAddedAfterABroaderOneIsReportedAsNeverApplyingAndCanBePlacedFirstOrBeforeAnotherRule(
      @Server(isolated = true) PgServer server) {
    Cluster admin = TestClusters.connect(server);
    try {
      HbaFile before = admin.hbaRules().read().block(Duration.ofSeconds(30));
      HbaRule broad = before.rules().stream().filter(r -> r.type().equals("local")
          && r.databases().equals(List.of("all")) && r.users().equals(List.of("all"))).findFirst().orElseThrow();
      HbaRule admin1 = HbaRule.local("all", "pgmob_admin", "reject");

      HbaEdit appended = admin.hbaRules().add(admin1, HbaPlacement.last()).block(Duration.ofSeconds(60));
      assertThat(appended.changed()).isTrue();
      assertThat(appended.file().rules()).endsWith(admin1);
      assertThat(appended.file().shadowedBy(admin1)).contains(broad);
      assertThat(appended.warnings()).singleElement().asString()
          .contains("never applies").contains(admin1.render()).contains(broad.render());

      // asked first: the rule moves, the warning goes
      HbaEdit first = admin.hbaRules().add(admin1, HbaPlacement.first()).block(Duration.ofSeconds(60));
      assertThat(first.changed()).isTrue();
      assertThat(first.file().rules().get(0)).isEqualTo(admin1);
      assertThat(first.file().rules().stream().filter(admin1::equals)).hasSize(1);
      assertThat(first.warnings()).isEmpty();
      assertThat(admin.scalar("SELECT user_name[1] FROM pg_hba_file_rules ORDER BY line_number LIMIT 1", String.class)
          .block(Duration.ofSeconds(30))).isEqualTo("pgmob_admin");
      // placed as asked already: unchanged
      HbaEdit again = admin.hbaRules().add(admin1, HbaPlacement.first()).block(Duration.ofSeconds(60));
      assertThat(again.changed()).isFalse();
      assertThat(again.file().originalBytes()).isEqualTo(first.file().originalBytes());

      // before a named rule, after a position
      HbaRule other = HbaRule.local("all", "pgmob_other", "reject");
      HbaEdit beforeBroad = admin.hbaRules().add(other, HbaPlacement.before(broad)).block(Duration.ofSeconds(60));
      List<HbaRule> rules = beforeBroad.file().rules();
      assertThat(rules.indexOf(other)).isEqualTo(rules.indexOf(broad) - 1);
      HbaEdit afterFirst = admin.hbaRules().add(other, HbaPlacement.after(0)).block(Duration.ofSeconds(60));
      assertThat(afterFirst.file().rules().subList(0, 2)).containsExactly(admin1, other);
      assertThatThrownBy(() -> admin.hbaRules().add(other, HbaPlacement.before(HbaRule.local("nosuch", "all", "trust")))
          .block(Duration.ofSeconds(60)))
          .hasMessageContaining("no rule \"local nosuch all trust\"");
      assertThatThrownBy(() -> admin.hbaRules().add(other, HbaPlacement.after(999)).block(Duration.ofSeconds(60)))
          .hasMessageContaining("no rule at position 999");
    } finally {
      admin.close().block(Duration.ofSeconds(30));
    }
  }
}
