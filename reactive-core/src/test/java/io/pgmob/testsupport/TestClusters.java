package io.pgmob.testsupport;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.testkit.PgServer;
import java.time.Duration;

/** Connection specs and clusters for testkit servers. */
public final class TestClusters {

  private TestClusters() {}

  /** A superuser spec for {@code server}'s default database. */
  public static ConnectionSpec spec(PgServer server) {
    return spec(server, server.database());
  }

  /** A superuser spec for {@code database} on {@code server}. */
  public static ConnectionSpec spec(PgServer server, String database) {
    ConnectionSpec.Builder b = ConnectionSpec.builder()
        .name(server.name() + "/" + database)
        .host(server.host())
        .port(server.port())
        .database(database)
        .user(server.superuser())
        .sslMode(SslMode.DISABLE)
        .connectTimeout(Duration.ofSeconds(20))
        .applicationName("pgmob-test");
    if (server.password() != null) {
      b.password(server.password());
    }
    return b.build();
  }

  /** Connects as superuser (blocking; for test set-up only). */
  public static Cluster connect(PgServer server) {
    return Cluster.connect(spec(server)).block(Duration.ofSeconds(30));
  }

  /** Connects as superuser to {@code database} (blocking; for test set-up only). */
  public static Cluster connect(PgServer server, String database) {
    return Cluster.connect(spec(server, database)).block(Duration.ofSeconds(30));
  }

  /** Whether {@code table} exists in database {@code db} of {@code server}, read on a new session. */
  public static boolean tableExists(PgServer server, String db, String table) {
    Cluster c = connect(server, db);
    try {
      return Boolean.TRUE.equals(c.scalar("SELECT to_regclass($1) IS NOT NULL", Boolean.class, table)
          .block(Duration.ofSeconds(30)));
    } finally {
      c.close().block(Duration.ofSeconds(30));
    }
  }
}
