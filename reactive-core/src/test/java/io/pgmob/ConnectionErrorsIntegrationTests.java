package io.pgmob;

import io.pgmob.session.SslMode;
import io.pgmob.session.ConnectionSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.ConnectTimeoutException;
import io.pgmob.error.ConnectionRefusedException;
import io.pgmob.error.NotPostgresException;
import io.pgmob.error.UnsupportedServerVersionException;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgTest;
import io.pgmob.testsupport.FakeServer;
import io.pgmob.testsupport.TestClusters;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each way connecting can fail is a distinct, clear error within the timeout, never a hang. */
@PgTest
class ConnectionErrorsIntegrationTests {

  /**
   * A spec for a local port. The connect timeout is generous: only {@link
   * #silentPortIsAConnectTimeout()} is about the timeout (and sets a short one); for the others it
   * is a bound, and a busy machine must not turn their error into a timeout.
   */
  static ConnectionSpec local(int port) {
    return ConnectionSpec.builder().host("127.0.0.1").port(port).user("postgres").password("pw-secret-1")
        .sslMode(SslMode.DISABLE).connectTimeout(Duration.ofSeconds(20)).build();
  }

  static Throwable failure(ConnectionSpec spec) {
    long t0 = System.nanoTime();
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> Cluster.connect(spec).block(spec.connectTimeout().plusSeconds(30)));
    // fails within its connect timeout (plus scheduling slack), never hangs
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(spec.connectTimeout().plusSeconds(6));
    assertThat(t).isNotNull();
    assertThat(t.getMessage()).doesNotContain("pw-secret-1");
    return t;
  }

  @Test
  void aPasswordSupplierThatFailsIsReportedAsItsOwnErrorNotAsAProtocolProblem(PgServer server) {
    ConnectionSpec spec = TestClusters.spec(server).toBuilder()
        .passwordSupplier(() -> {
          throw new io.pgmob.error.InvalidInputException("environment variable PGMOB_NOPE (credentials) is not set");
        })
        .build();
    assertThat(failure(spec)).isInstanceOf(io.pgmob.error.InvalidInputException.class)
        .hasMessageContaining("PGMOB_NOPE")
        .hasMessageNotContaining("PostgreSQL protocol");
  }

  @Test
  void refusedPortIsAConnectionRefusedError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(failure(local(port))).isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }

  @Test
  void silentPortIsAConnectTimeout() throws Exception {
    try (FakeServer fake = new FakeServer(FakeServer.Behaviour.SILENT)) {
      ConnectionSpec spec = local(fake.port()).toBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      assertThat(failure(spec)).isInstanceOf(ConnectTimeoutException.class)
          .hasMessageContaining("within 2000 ms");
    }
  }

  @Test
  void portSpeakingAnotherProtocolIsNotPostgres() throws Exception {
    try (FakeServer fake = new FakeServer(FakeServer.Behaviour.NOT_POSTGRES)) {
      assertThat(failure(local(fake.port()))).isInstanceOf(NotPostgresException.class)
          .hasMessageContaining("PostgreSQL protocol");
    }
  }

  @Test
  void serverOlderThanTenIsRefused() throws Exception {
    try (FakeServer fake = new FakeServer(FakeServer.Behaviour.OLD_POSTGRES)) {
      Throwable t = failure(local(fake.port()));
      assertThat(t).isInstanceOf(UnsupportedServerVersionException.class)
          .hasMessageContaining("9.6").hasMessageContaining("PostgreSQL 10 or newer");
      assertThat(((UnsupportedServerVersionException) t).serverVersionNum()).isEqualTo(90624);
    }
  }

  @Test
  void wrongPasswordIsAnAuthenticationError(PgServer server) {
    ConnectionSpec spec = TestClusters.spec(server).toBuilder().password("pw-secret-1").build();
    Throwable t = failure(spec);
    assertThat(t).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("authentication failed");
    assertThat(((AuthenticationFailedException) t).sqlState()).isEqualTo("28P01");
    assertThat(((AuthenticationFailedException) t).isTransient()).isFalse();
  }
}
