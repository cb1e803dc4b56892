package io.pgmob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.TlsException;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.session.WireTransport;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testkit.TestCertificates;
import io.pgmob.testsupport.TestClusters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * TLS on both transports against a server that offers it, with certificates made here: a CA, a
 * server certificate for {@code localhost} only, a client certificate for a role that logs in
 * with {@code cert} authentication, and a second CA that signed nothing the server shows.
 */
class TlsIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);
  private static final String KEY_PASSWORD = "key-pass-7f3a9c";

  @TempDir
  static Path dir;
  private static PgServer server;
  private static Path caFile;
  private static Path otherCaFile;
  private static Path clientCert;
  private static Path clientKey;
  private static Path clientEncryptedKey;

  @BeforeAll
  static void startATlsServer() {
    TestCertificates.Authority ca = TestCertificates.authority("pgmob test CA");
    TestCertificates.Authority other = TestCertificates.authority("some other CA");
    TestCertificates.Issued client = ca.client("cert_login");
    caFile = ca.writeCertificate(dir.resolve("root.crt"));
    otherCaFile = other.writeCertificate(dir.resolve("other.crt"));
    clientCert = client.writeCertificate(dir.resolve("client.crt"));
    clientKey = client.writeKey(dir.resolve("client.key"));
    clientEncryptedKey = client.writeEncryptedKey(dir.resolve("client-encrypted.key"), KEY_PASSWORD.toCharArray());
    server = PgServers.start(ServerSpec.builder()
        .tls(ca.server("localhost"), ca)
        .hba("hostssl all cert_login 127.0.0.1/32 cert")
        .build());
    Cluster admin = TestClusters.connect(server);
    try {
      admin.execute("CREATE ROLE cert_login LOGIN").then().block(T);
    } finally {
      admin.close().block(T);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ConnectionSpec.Builder spec(WireTransport transport, String host, SslMode mode) {
    return TestClusters.spec(server).toBuilder().transport(transport).host(host).sslMode(mode);
  }

  /** Connects, reads whether the session is encrypted and who it is, and closes. */
  private static Mono<String> sessionOf(ConnectionSpec spec) {
    return Cluster.connect(spec).flatMap(c -> c.execute(
            "SELECT ssl::text || ' ' || current_user AS s FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .next().map(r -> r.getString("s"))
        .flatMap(s -> c.close().thenReturn(s)));
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void verifyFullAcceptsTheHostNameTheCertificateNames(WireTransport transport) {
    StepVerifier.create(sessionOf(spec(transport, "localhost", SslMode.VERIFY_FULL).sslRootCert(caFile).build()))
        .expectNext("true postgres")
        .verifyComplete();
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void verifyFullRefusesAHostTheCertificateDoesNotName(WireTransport transport) {
    // the certificate names localhost only, not the address 127.0.0.1 that reaches the same server
    StepVerifier.create(sessionOf(spec(transport, "127.0.0.1", SslMode.VERIFY_FULL).sslRootCert(caFile).build()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TlsException.class)
            .hasMessageContaining("does not name the host"))
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void verifyCaAcceptsACertificateSignedByTheCaWhateverTheName(WireTransport transport) {
    StepVerifier.create(sessionOf(spec(transport, "127.0.0.1", SslMode.VERIFY_CA).sslRootCert(caFile).build()))
        .expectNext("true postgres")
        .verifyComplete();
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void aServerSignedByAnotherCaIsRefused(WireTransport transport) {
    for (SslMode mode : new SslMode[] {SslMode.VERIFY_CA, SslMode.VERIFY_FULL, SslMode.REQUIRE}) {
      StepVerifier.create(sessionOf(spec(transport, "localhost", mode).sslRootCert(otherCaFile).build()))
          .expectErrorSatisfies(e -> assertThat(e).as(mode.libpqName()).isInstanceOf(TlsException.class)
              .hasMessageContaining("not signed by a trusted certificate authority"))
          .verify(T);
    }
    // without a CA bundle the JDK's trust store decides, and it does not know the test CA
    StepVerifier.create(sessionOf(spec(transport, "localhost", SslMode.VERIFY_FULL).build()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TlsException.class)
            .hasMessageContaining("not signed by a trusted certificate authority"))
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void requireEncryptsWithoutACaAndPreferEncryptsWhenOffered(WireTransport transport) {
    StepVerifier.create(sessionOf(spec(transport, "127.0.0.1", SslMode.REQUIRE).build()))
        .expectNext("true postgres")
        .verifyComplete();
    StepVerifier.create(sessionOf(spec(transport, "127.0.0.1", SslMode.PREFER).build()))
        .expectNext("true postgres")
        .verifyComplete();
    StepVerifier.create(sessionOf(spec(transport, "127.0.0.1", SslMode.DISABLE).build()))
        .expectNext("false postgres")
        .verifyComplete();
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void aClientCertificateLogsInWithCertAuthentication(WireTransport transport) {
    ConnectionSpec.Builder login = spec(transport, "localhost", SslMode.VERIFY_FULL).sslRootCert(caFile)
        .user("cert_login").password(null);
    StepVerifier.create(sessionOf(login.sslCert(clientCert).sslKey(clientKey).build()))
        .expectNext("true cert_login")
        .verifyComplete();
    StepVerifier.create(sessionOf(login.sslCert(clientCert).sslKey(clientEncryptedKey).sslPassword(KEY_PASSWORD).build()))
        .expectNext("true cert_login")
        .verifyComplete();
    // the same role without a certificate: the server refuses it
    StepVerifier.create(sessionOf(login.sslCert(null).sslKey(null).sslPassword(null).build()))
        .expectError(AuthenticationFailedException.class)
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void theKeyPasswordIsNeverPrinted(WireTransport transport) {
    ConnectionSpec spec = spec(transport, "localhost", SslMode.VERIFY_FULL).sslRootCert(caFile)
        .user("cert_login").password(null)
        .sslCert(clientCert).sslKey(clientEncryptedKey).sslPassword(KEY_PASSWORD).build();
    assertThat(spec.toString()).doesNotContain(KEY_PASSWORD).contains("sslPassword=***");
    ConnectionSpec wrong = spec.toBuilder().sslPassword(KEY_PASSWORD + "-wrong").build();
    StepVerifier.create(sessionOf(wrong))
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(InvalidInputException.class)
              .hasMessageContaining("cannot be decrypted with the given sslpassword")
              .hasMessageContaining(clientEncryptedKey.toString());
          StringWriter trace = new StringWriter();
          e.printStackTrace(new PrintWriter(trace));
          assertThat(trace.toString()).doesNotContain(KEY_PASSWORD);
        })
        .verify(T);
    ConnectionSpec missing = spec.toBuilder().sslPassword(null).build();
    StepVerifier.create(sessionOf(missing))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("is encrypted and no sslpassword is set"))
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void aMissingOrWrongTlsFileIsNamed(WireTransport transport) throws Exception {
    Path missing = dir.resolve("nowhere.crt");
    StepVerifier.create(sessionOf(spec(transport, "localhost", SslMode.VERIFY_FULL).sslRootCert(missing).build()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("sslrootcert " + missing + " does not exist"))
        .verify(T);
    Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    StepVerifier.create(sessionOf(spec(transport, "localhost", SslMode.VERIFY_FULL).sslRootCert(caFile)
            .sslCert(clientCert).sslKey(pkcs1).build()))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("PKCS#8"))
        .verify(T);
  }

  @ParameterizedTest
  @EnumSource(WireTransport.class)
  void uriParametersCarryTheTlsFiles(WireTransport transport) {
    ConnectionSpec spec = ConnectionSpec.fromUri("postgresql://cert_login@localhost:" + server.port()
        + "/postgres?sslmode=verify-full&sslrootcert=" + caFile + "&sslcert=" + clientCert + "&sslkey="
        + clientEncryptedKey + "&sslpassword=" + KEY_PASSWORD).toBuilder().transport(transport).build();
    assertThat(spec.toString()).doesNotContain(KEY_PASSWORD);
    StepVerifier.create(sessionOf(spec))
        .expectNext("true cert_login")
        .verifyComplete();
    assertThatThrownBy(() -> ConnectionSpec.fromUri("postgresql://u@h/db?sslnegotiation=direct&sslpassword=" + KEY_PASSWORD))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("direct")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_PASSWORD));
  }
}
