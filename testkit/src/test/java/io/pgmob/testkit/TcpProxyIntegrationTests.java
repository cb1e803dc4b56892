package io.pgmob.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

@PgTest
class TcpProxyIntegrationTests {

  private static Connection connect(PgServer server, TcpProxy proxy, String queryMode) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", server.superuser());
    if (server.password() != null) {
      p.setProperty("password", server.password());
    }
    p.setProperty("sslmode", "disable");
    p.setProperty("gssEncMode", "disable");
    p.setProperty("preferQueryMode", queryMode);
    return DriverManager.getConnection("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/"
        + server.database(), p);
  }

  @Test
  void countsTheClientsMessagesAfterLogin(PgServer server) throws SQLException {
    try (TcpProxy proxy = TcpProxy.start(server)) {
      try (Connection c = connect(server, proxy, "simple")) {
        assertThat(proxy.frontendMessages().startups()).isEqualTo(1);
        proxy.frontendMessages().reset();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
          assertThat(rs.next()).isTrue();
        }
        assertThat(proxy.frontendMessages().queries()).isEqualTo(1);
        assertThat(proxy.frontendMessages().roundTrips()).isEqualTo(1);
      }
      proxy.awaitNoConnections(Duration.ofSeconds(30));
      assertThat(proxy.frontendMessages().count('X')).isEqualTo(1);
    }
  }

  @Test
  void countsOneSyncPerExtendedQueryFlight(PgServer server) throws SQLException {
    try (TcpProxy proxy = TcpProxy.start(server); Connection c = connect(server, proxy, "extended")) {
      proxy.frontendMessages().reset();
      try (PreparedStatement s = c.prepareStatement("SELECT ?::int + 1")) {
        s.setInt(1, 41);
        try (ResultSet rs = s.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(42);
        }
      }
      assertThat(proxy.frontendMessages().syncs()).isEqualTo(1);
      assertThat(proxy.frontendMessages().queries()).isZero();
      assertThat(proxy.frontendMessages().count('B')).isEqualTo(1);
      assertThat(proxy.frontendMessages().count('E')).isEqualTo(1);
    }
  }
}
