package io.pgmob.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.session.SslMode;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testkit.TestCertificates;
import io.pgmob.testsupport.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inventory's TLS parameters reach the connection (CA bundle, client certificate, a key whose
 * password is a reference), and the fleet report names the clusters whose connections may have
 * gone unencrypted.
 */
class FleetTlsIntegrationTests {

  private static final Duration T = Duration.ofSeconds(60);

  @Test
  void inventoryTlsFilesLogInWithACertificateAndTheReportFlagsPlainConnections(@TempDir Path dir) throws Exception {
    TestCertificates.Authority ca = TestCertificates.authority("fleet CA");
    TestCertificates.Issued client = ca.client("fleet_cert");
    Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
    Path cert = client.writeCertificate(dir.resolve("fleet_cert.crt"));
    Path key = client.writeEncryptedKey(dir.resolve("fleet_cert.pk8"), "fleet-key-pw".toCharArray());
    Path keyPassword = dir.resolve("key-password");
    Files.writeString(keyPassword, "fleet-key-pw\n");
    try (PgServer server = PgServers.start(ServerSpec.builder().tls(ca.server("localhost"), ca)
        .hba("hostssl all fleet_cert 127.0.0.1/32 cert").build())) {
      Cluster admin = TestClusters.connect(server);
      try {
        admin.update("CREATE ROLE fleet_cert LOGIN").block(T);
      } finally {
        admin.close().block(T);
      }
      String yaml = """
          defaults: {port: %d, database: postgres, connect_timeout: 20}
          targets:
            - {name: verified, host: localhost, user: fleet_cert, sslmode: verify-full, sslrootcert: '%s',
               sslcert: '%s', sslkey: '%s', sslpassword: 'file:%s'}
            - {name: plain, host: 127.0.0.1, user: %s, password: 'file:%s', sslmode: disable}
          """.formatted(server.port(), caFile, cert, key, keyPassword, server.superuser(),
          Files.writeString(dir.resolve("pw"), server.password() == null ? "" : server.password()));
      Inventory inventory = Inventory.parse(yaml, "tls.yaml");
      assertThat(inventory.select(Selector.parse("name=verified")).get(0).spec().sslMode()).isEqualTo(SslMode.VERIFY_FULL);

      Fleet fleet = Fleet.create(inventory, FleetOptions.builder().build());
      var results = fleet.run(Selector.all(), c -> c.scalar(
              "SELECT ssl::text || ' ' || current_user FROM pg_stat_ssl WHERE pid = pg_backend_pid()", String.class))
          .collectList().block(T);
      Map<String, Object> byName = results.stream().collect(Collectors.toMap(ClusterResult::name,
          r -> r.value() != null ? r.value() : String.valueOf(r.message())));
      assertThat(byName).containsEntry("verified", "true fleet_cert").containsEntry("plain", "false " + server.superuser());

      FleetReport report = FleetReport.of(results);
      assertThat(report.mayBeUnencrypted()).containsExactly("plain");
      assertThat(report.toString()).contains("not encrypted for sure (sslmode disable/allow/prefer) 1: [plain]")
          .doesNotContain("fleet-key-pw");
    }
  }
}
