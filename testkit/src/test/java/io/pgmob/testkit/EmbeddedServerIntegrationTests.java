package io.pgmob.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@PgTest
class EmbeddedServerIntegrationTests {

  static Connection connect(PgServer server) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", server.superuser());
    if (server.password() != null) {
      p.setProperty("password", server.password());
    }
    return DriverManager.getConnection(server.jdbcUrl(server.database()), p);
  }

  static String scalar(PgServer server, String sql) throws SQLException {
    try (Connection c = connect(server); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void sharedServerRunsTheDefaultMajorWithScram(PgServer server) throws SQLException {
    assertThat(server.majorVersion()).isEqualTo(ServerSpec.DEFAULT_VERSION);
    assertThat(scalar(server, "SHOW server_version_num")).startsWith(String.valueOf(server.majorVersion()));
    assertThat(scalar(server, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'"))
        .startsWith("SCRAM-SHA-256$");
  }

  @Test
  void scramServerRefusesAWrongPassword(PgServer server) {
    Properties p = new Properties();
    p.setProperty("user", server.superuser());
    p.setProperty("password", "not-the-password");
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), p).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void extraSettingsAreApplied(@Server(settings = {"wal_level=logical", "log_statement=all"}, isolated = true)
      PgServer server) throws SQLException {
    assertThat(scalar(server, "SHOW wal_level")).isEqualTo("logical");
    assertThat(scalar(server, "SHOW log_statement")).isEqualTo("all");
  }

  @Test
  void trustServerNeedsNoPassword(@Server(auth = ServerSpec.Auth.TRUST) PgServer server) throws SQLException {
    assertThat(server.password()).isNull();
    assertThat(scalar(server, "SELECT 1")).isEqualTo("1");
  }

  @PgMatrix
  void everyMajorOfTheMatrixStarts(PgServer server) throws SQLException {
    assertThat(scalar(server, "SELECT current_setting('server_version_num')::int / 10000"))
        .isEqualTo(String.valueOf(server.majorVersion()));
  }

  @Test
  void fiftyServersStartAndStopWithoutLeavingProcesses() throws Exception {
    List<PgServer> servers = PgServers.startMany(ServerSpec.defaults(), 50);
    List<Path> dataDirs = servers.stream().map(s -> s.dataDirectory().orElseThrow()).toList();
    try {
      assertThat(servers.stream().map(PgServer::port).distinct()).hasSize(50);
      for (PgServer s : servers) {
        assertThat(scalar(s, "SELECT current_setting('port')")).isEqualTo(String.valueOf(s.port()));
      }
      assertThat(postmastersFor(dataDirs)).hasSize(50);
    } finally {
      servers.forEach(PgServer::close);
    }
    assertThat(postmastersFor(dataDirs)).isEmpty();
    assertThat(dataDirs).allSatisfy(d -> assertThat(d).doesNotExist());
  }

  /** Processes whose command line names one of {@code dataDirs}. */
  static List<Long> postmastersFor(List<Path> dataDirs) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
        try {
          String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
          return cmd.contains("postgres") && dataDirs.stream().anyMatch(d -> cmd.contains(d.toString() + " "));
        } catch (IOException e) {
          return false;
        }
      }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
    }
  }

  @Test
  void proxyAddsLatencyAndCutsConnections(PgServer server) throws Exception {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      PgServer viaProxy = new ExternalLike(server, proxy.port());
      try (Connection c = connect(viaProxy); Statement s = c.createStatement()) {
        proxy.latency(java.time.Duration.ofMillis(20));
        long t0 = System.nanoTime();
        s.execute("SELECT 1");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(elapsedMs).isGreaterThanOrEqualTo(35);
        proxy.latency(java.time.Duration.ZERO);
        proxy.cutConnections();
        assertThatThrownBy(() -> s.execute("SELECT 1")).isInstanceOf(SQLException.class);
      }
      try (Connection c = connect(viaProxy)) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }

  private record ExternalLike(PgServer delegate, int port) implements PgServer {
    public String name() { return "proxy"; }
    public String host() { return "127.0.0.1"; }
    public String superuser() { return delegate.superuser(); }
    public String password() { return delegate.password(); }
    public String database() { return delegate.database(); }
    public int majorVersion() { return delegate.majorVersion(); }
    public java.util.Optional<Path> dataDirectory() { return java.util.Optional.empty(); }
    public java.util.Optional<Path> logFile() { return java.util.Optional.empty(); }
    public boolean isEmbedded() { return false; }
    public void close() {}
  }
}
