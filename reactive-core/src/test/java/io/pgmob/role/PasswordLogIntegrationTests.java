package io.pgmob.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.PgmobException;
import io.pgmob.password.Password;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testkit.Server;
import io.pgmob.testsupport.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import io.pgmob.testkit.PgMatrix;

/**
 * Greps the log of a server running with {@code log_statement = all} for the plaintext
 * passwords pgmob set: create, alter, rotate, a failing ALTER ROLE, as superuser and as a plain
 * role changing its own password, on every supported major version (the logging settings differ).
 */
@PgTest
class PasswordLogIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);

  private static String secret(String label) {
    return label + "-" + UUID.randomUUID();
  }

  private static String logUpTo(Path log, Cluster c, String marker) throws Exception {
    c.execute("SELECT '" + marker + "' AS marker").blockLast(T);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (text.contains(marker)) {
        return text;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("marker " + marker + " never reached the server log " + log);
      }
      Thread.sleep(50);
    }
  }

  @PgMatrix
  void noPlaintextPasswordReachesAServerLoggingEveryStatement(
      @Server(settings = {"log_statement=all", "log_min_error_statement=error"}, isolated = true) PgServer server)
      throws Exception {
    Path log = server.logFile().orElseThrow();
    Cluster admin = TestClusters.connect(server);
    List<String> plaintexts = new java.util.ArrayList<>();
    try {
      // ---- as superuser: create, alter, rotate, and a failing ALTER ROLE
      String p1 = secret("create");
      String p2 = secret("alter");
      String p3 = secret("rotate");
      String p4 = secret("failing");
      plaintexts.addAll(List.of(p1, p2, p3, p4));
      Role role = admin.roles().ensure(RoleSpec.named("log_app").login(true).password(Password.plain(p1)))
          .block(T).object();
      role = role.alter().password(Password.plain(p2)).connectionLimit(5).apply().block(T);
      assertThat(role.ensurePassword(Password.plain(p3)).block(T).changed()).isTrue();
      assertThat(role.ensurePassword(Password.plain(p3)).block(T).changed()).isFalse();

      admin.roles().create(RoleSpec.named("log_gone")).block(T);
      Role gone = admin.roles().get("log_gone").block(T);
      admin.update("DROP ROLE log_gone").block(T);
      assertThatThrownBy(() -> gone.changePassword(Password.plain(p4)).block(T))
          .isInstanceOf(PgmobException.class)
          .hasMessageContaining("log_gone")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(p4).doesNotContain("SCRAM-SHA-256$")
              .contains("PASSWORD '***'"));
      String storedP3 = admin.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = 'log_app'", String.class)
          .block(T);

      Cluster asApp = Cluster.connect(TestClusters.spec(server).withUser("log_app", p3)).block(T);
      asApp.close().block(T);

      String superuserPhase = logUpTo(log, admin, "marker-superuser-" + UUID.randomUUID());
      assertThat(superuserPhase).contains("SELECT pg_advisory_xact_lock"); // statements are logged
      assertThat(superuserPhase).contains("role \"log_gone\" does not exist");        // the failure is logged
      for (String p : plaintexts) {
        assertThat(superuserPhase).doesNotContain(p);
      }
      // as superuser pgmob turns statement logging off for the password transaction: not even the verifier is logged
      assertThat(superuserPhase).doesNotContain("SCRAM-SHA-256$").doesNotContain(storedP3);

      // ---- as a plain role changing its own password: the session may not turn logging off
      String p5 = secret("self");
      String p6 = secret("self-failing");
      plaintexts.addAll(List.of(p5, p6));
      Cluster self = Cluster.connect(TestClusters.spec(server).withUser("log_app", p3)).block(T);
      try {
        Role me = self.roles().get("log_app").block(T);
        me.changePassword(Password.plain(p5)).block(T);
        admin.roles().create(RoleSpec.named("log_other")).block(T);
        Role other = self.roles().refresh().then(self.roles().get("log_other")).block(T);
        assertThatThrownBy(() -> other.changePassword(Password.plain(p6)).block(T))
            .isInstanceOf(PgmobException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(p6).doesNotContain("SCRAM-SHA-256$"));
      } finally {
        self.close().block(T);
      }
      Cluster again = Cluster.connect(TestClusters.spec(server).withUser("log_app", p5)).block(T);
      again.close().block(T);

      String all = logUpTo(log, admin, "marker-all-" + UUID.randomUUID());
      // here the verifier is logged (so the log does capture these statements) but never a plaintext
      assertThat(all.substring(superuserPhase.length())).contains("SCRAM-SHA-256$");
      for (String p : plaintexts) {
        assertThat(all).doesNotContain(p);
      }
    } finally {
      admin.update("DROP ROLE IF EXISTS log_app").block(T);
      admin.update("DROP ROLE IF EXISTS log_other").block(T);
      admin.close().block(T);
    }
  }
}
