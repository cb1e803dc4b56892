package io.pgmob.examples.basics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Runs the TLS example against a server with certificates made here and {@code cert} authentication. */
class ConnectWithTlsIntegrationTests {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void logsInWithAClientCertificateOverVerifiedTls(@TempDir Path dir) {
    TestCertificates.Authority ca = TestCertificates.authority("example CA");
    TestCertificates.Issued client = ca.client("tls_example");
    Path caFile = ca.writeCertificate(dir.resolve("root.crt"));
    Path cert = client.writeCertificate(dir.resolve("client.crt"));
    Path key = client.writeEncryptedKey(dir.resolve("client.key"), "k3y-pass".toCharArray());
    try (PgServer server = PgServers.start(ServerSpec.builder().tls(ca.server("localhost"), ca)
        .hba("hostssl all tls_example 127.0.0.1/32 cert").build())) {
      ConnectionSpec.Builder admin = ConnectionSpec.builder().host(server.host()).port(server.port())
          .user(server.superuser()).sslMode(SslMode.REQUIRE);
      if (server.password() != null) {
        admin.password(server.password());
      }
      Cluster c = Cluster.connect(admin.build()).block(WAIT);
      try {
        c.execute("CREATE ROLE tls_example LOGIN").then().block(WAIT);
      } finally {
        c.close().block(WAIT);
      }

      StepVerifier.create(ConnectWithTls.run("localhost", server.port(), "tls_example", caFile, cert, key,
              () -> "k3y-pass"))
          .assertNext(version -> assertThat(version).startsWith("TLSv1."))
          .verifyComplete();
    }
  }
}
