package io.pgmob.testkit.internal;

import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.ServerSpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Servers given by {@code PGMOB_TEST_SERVERS}; shared by all tests and never stopped. */
public final class ExternalServers {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private ExternalServers() {}

  public static boolean configured() {
    String v = System.getenv("PGMOB_TEST_SERVERS");
    return v != null && !v.isBlank();
  }

  /** A server matching the spec's major version, round robin; versionless ones match any. */
  public static PgServer pick(ServerSpec spec) {
    if (spec.tlsCertificate() != null || !spec.hba().isEmpty()) {
      throw new IllegalStateException("servers from PGMOB_TEST_SERVERS cannot be given TLS certificates or hba"
          + " rules; run this test with the embedded provider");
    }
    if (!spec.settings().isEmpty()) {
      throw new IllegalStateException("servers from PGMOB_TEST_SERVERS cannot take extra settings "
          + spec.settings().keySet() + "; run this test with the embedded provider");
    }
    List<External> all = parse(System.getenv("PGMOB_TEST_SERVERS"));
    List<External> matching = new ArrayList<>();
    for (External e : all) {
      if (e.majorVersion == 0 || e.majorVersion == spec.majorVersion()) {
        matching.add(e);
      }
    }
    if (matching.isEmpty()) {
      throw new IllegalStateException("PGMOB_TEST_SERVERS names no PostgreSQL " + spec.majorVersion() + " server");
    }
    return matching.get(Math.floorMod(NEXT.getAndIncrement(), matching.size()));
  }

  static List<External> parse(@Nullable String value) {
    List<External> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      URI uri = URI.create(s.replaceFirst("^postgres(ql)?://", "http://"));
      String[] userInfo = uri.getRawUserInfo() == null ? new String[] {"postgres"} : uri.getRawUserInfo().split(":", 2);
      int version = 0;
      if (uri.getQuery() != null) {
        for (String kv : uri.getQuery().split("&")) {
          if (kv.startsWith("version=")) {
            version = Integer.parseInt(kv.substring(8));
          }
        }
      }
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
      out.add(new External(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(userInfo[0]),
          userInfo.length > 1 ? decode(userInfo[1]) : null, db, version));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  record External(String host, int port, String superuser, @Nullable String password, String database,
      int majorVersion) implements PgServer {
    @Override
    public String name() {
      return "external-" + host + "-" + port;
    }

    @Override
    public void close() {
      // shared, never stopped by the testkit
    }

    @Override
    public String toString() {
      return "PgServer[" + name() + ", user " + superuser + "]";
    }
  }
}
