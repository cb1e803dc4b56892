package io.pgmob.examples.basics;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import java.nio.file.Path;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Connects over TLS that verifies the server (its CA and its host name) and logs in with a client
 * certificate whose key is encrypted, then reads back what the server saw.
 */
public final class ConnectWithTls {

  private ConnectWithTls() {}

  /**
   * Logs in as {@code user} with a client certificate, checking that the server's certificate is
   * signed by {@code caBundle} and names {@code host}; returns the TLS version the session uses.
   */
  // snippet: connect-with-tls
  public static Mono<String> run(String host, int port, String user, Path caBundle, Path clientCert,
      Path clientKey, Supplier<? extends CharSequence> keyPassword) {
    ConnectionSpec spec = ConnectionSpec.builder()
        .host(host).port(port).user(user)
        .sslMode(SslMode.VERIFY_FULL)        // CA and host name checked
        .sslRootCert(caBundle)                // the CA bundle that signs the server certificate
        .sslCert(clientCert)                  // PEM certificate, for `cert` authentication
        .sslKey(clientKey)                    // PKCS#8 PEM, here encrypted
        .sslPasswordSupplier(keyPassword)     // asked when the key is read, never printed
        .build();
    return Mono.usingWhen(Cluster.connect(spec),
        c -> c.scalar("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()", String.class),
        Cluster::close);
  }
  // end snippet
}
