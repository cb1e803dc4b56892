package io.pgmob.examples.bench;

import io.pgmob.Cluster;
import io.pgmob.examples.bench.Testbed.Endpoint;
import io.pgmob.examples.bench.Testbed.Target;
import io.pgmob.testkit.PgServer;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.SSLMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import reactor.core.publisher.Mono;

/**
 * Where the client's CPU goes per one-shot connection: each way of connecting opens, runs {@code
 * SELECT 1} and closes, one connection at a time, directly (no proxy), warm; the JVM's CPU time per
 * connection is the figure. Steps are isolated by toggling one thing at a time (extension probe,
 * shared event loops, pgmob's bootstrap query); the SCRAM key derivation is timed on its own.
 */
final class ConnectCost {

  /** The same text as {@code io.pgmob.internal.DefaultCluster}'s bootstrap query. */
  private static final String BOOTSTRAP = "SELECT current_setting('server_version_num') AS num, version() AS v,"
      + " current_database() AS db, current_user AS cu, session_user AS su, pg_backend_pid() AS pid,"
      + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super";

  private ConnectCost() {}

  /** One way of doing a connect-query-close. */
  private record Way(String name, String what, Meter.Work once) {}

  static Table measure(PgServer server, int warmup, int count) throws Exception {
    Target t = new Target(0, server, "postgres", "unused");
    Endpoint e = new Endpoint(t, server.host(), server.port());
    String pw = Objects.requireNonNullElse(server.password(), "");
    List<Way> ways = new ArrayList<>();
    ways.add(new Way("pgjdbc", "DriverManager.getConnection, SELECT 1, close", () -> {
      try (Connection c = Testbed.jdbc(server.host(), server.port(), "postgres", server.superuser(), pw);
           Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
        rs.next();
      }
    }));
    ways.add(new Way("r2dbc defaults", "new factory per connection, driver defaults", () -> r2dbc(factory(e, false, false))));
    ways.add(new Way("r2dbc -probe", "+ autodetectExtensions(false): no pg_type query, no extension codecs",
        () -> r2dbc(factory(e, true, false))));
    ways.add(new Way("r2dbc tuned", "+ shared LoopResources and TCP_NODELAY (pgmob's transport settings)",
        () -> r2dbc(factory(e, true, true))));
    ways.add(new Way("r2dbc tuned + bootstrap", "+ the query pgmob's Cluster.connect runs first (version, user, pid)",
        () -> Mono.usingWhen(factory(e, true, true).create(),
            c -> c.createStatement(BOOTSTRAP).execute().flatMap(r -> r.map((row, md) -> row.get(0))).then(
                c.createStatement("SELECT 1").execute().flatMap(r -> r.map((row, md) -> 1)).then()),
            PostgresqlConnection::close).block()));
    ways.add(new Way("pgmob", "Cluster.connect (tuned transport + bootstrap query), SELECT 1, close",
        () -> Mono.usingWhen(Cluster.connect(Rollouts.spec(e, "bench-cost")),
            c -> c.execute("SELECT 1").then(), Cluster::close).block()));
    ways.add(new Way("SCRAM key derivation", "PBKDF2-HMAC-SHA256, 4096 iterations: the client's part of one SCRAM login",
        () -> SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(pw.toCharArray(), new byte[16], 4096, 256)).getEncoded()));

    Table table = new Table("connect + SELECT 1 + close", "client CPU ms per connection", "wall ms", "what");
    double[][] totals = interleaved(ways.stream().map(Way::once).toList(), warmup, count);
    for (int i = 0; i < ways.size(); i++) {
      table.row(ways.get(i).name(), String.format(Locale.ROOT, "%.2f", totals[i][0] / 1e6 / count),
          String.format(Locale.ROOT, "%.2f", totals[i][1] / 1e6 / count), ways.get(i).what());
    }
    return table;
  }

  /**
   * Runs each way {@code warmup} times, then {@code count} times in five interleaved blocks (so that
   * load changes and JIT progress hit every way alike); returns per way total CPU and wall nanos.
   */
  private static double[][] interleaved(List<Meter.Work> ways, int warmup, int count) throws Exception {
    for (Meter.Work w : ways) {
      for (int i = 0; i < warmup; i++) {
        w.run();
      }
    }
    double[][] totals = new double[ways.size()][2];
    int blocks = Math.min(5, Math.max(1, count));
    for (int b = 0; b < blocks; b++) {
      int n = count / blocks + (b < count % blocks ? 1 : 0);
      for (int k = 0; k < ways.size(); k++) {
        Meter.Work w = ways.get(k);
        long cpu0 = Meter.processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          w.run();
        }
        totals[k][0] += Meter.processCpuNanos() - cpu0;
        totals[k][1] += System.nanoTime() - t0;
      }
    }
    return totals;
  }

  private static PostgresqlConnectionFactory factory(Endpoint e, boolean noProbe, boolean sharedLoops) {
    PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
        .host(e.host()).port(e.port()).database(e.database())
        .username(e.target().user()).password(e.target().password())
        .applicationName("bench-cost").sslMode(SSLMode.DISABLE);
    if (noProbe) {
      b.autodetectExtensions(false);
    }
    if (sharedLoops) {
      b.loopResources(Rollouts.TUNED_LOOPS).tcpNoDelay(true);
    }
    return new PostgresqlConnectionFactory(b.build());
  }

  private static void r2dbc(PostgresqlConnectionFactory f) {
    Mono.usingWhen(f.create(),
        c -> c.createStatement("SELECT 1").execute().flatMap(r -> r.map((row, md) -> 1)).then(),
        PostgresqlConnection::close).block();
  }

  /**
   * Client CPU per query on a held session: {@link Pipelines#QUERY} run {@code count} times one
   * after another, directly, after {@code warmup} unmeasured runs, for each way of holding a session.
   */
  static Table perQuery(PgServer server, int warmup, int count) throws Exception {
    Target t = new Target(0, server, "postgres", "unused");
    Endpoint e = new Endpoint(t, server.host(), server.port());
    String pw = Objects.requireNonNullElse(server.password(), "");
    Table table = new Table("held session, one query", "client CPU us per query", "wall us", "what");
    List<String[]> names = new ArrayList<>();
    List<Meter.Work> works = new ArrayList<>();
    try (Connection jdbc = Testbed.jdbc(server.host(), server.port(), "postgres", server.superuser(), pw)) {
      PostgresqlConnection plain = factory(e, false, false).create().block();
      PostgresqlConnection tuned = factory(e, true, true).create().block();
      Cluster cluster = Cluster.connect(Rollouts.spec(e, "bench-cost")).block();
      try {
        names.add(new String[] {"pgjdbc", "Statement.executeQuery, read 2 columns"});
        works.add(() -> {
          try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(Pipelines.QUERY)) {
            rs.next();
            rs.getString(1);
            rs.getBoolean(2);
          }
        });
        for (PostgresqlConnection c : List.of(plain, tuned)) {
          names.add(new String[] {c == plain ? "r2dbc defaults" : "r2dbc tuned", "createStatement().execute(), map 2 columns"});
          works.add(() -> c.createStatement(Pipelines.QUERY).execute()
              .flatMap(r -> r.map((row, md) -> row.get("db", String.class) + row.get("standby", Boolean.class)))
              .then().block());
        }
        names.add(new String[] {"pgmob", "Cluster.execute(sql), Row.getString/getBoolean"});
        works.add(() -> cluster.execute(Pipelines.QUERY).doOnNext(r -> {
          r.getString("db");
          r.getBoolean("standby");
        }).then().block());
        double[][] totals = interleaved(works, warmup, count);
        for (int i = 0; i < works.size(); i++) {
          table.row(names.get(i)[0], String.format(Locale.ROOT, "%.1f", totals[i][0] / 1e3 / count),
              String.format(Locale.ROOT, "%.1f", totals[i][1] / 1e3 / count), names.get(i)[1]);
        }
      } finally {
        plain.close().block();
        tuned.close().block();
        cluster.close().block();
      }
    }
    return table;
  }
}
