package io.pgmob.examples.bench;

import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The real clusters: servers started by the testkit, each with {@code bench_NN} databases that the
 * public may not connect to (so a login proves the rollout's GRANT), and the targets on them.
 */
final class Testbed implements AutoCloseable {

  /** One target: a database on a server, reached directly or through a proxy. */
  record Target(int index, PgServer server, String database, String role) {
    String hostAndPort() {
      return server.host() + ":" + server.port();
    }

    String user() {
      return server.superuser();
    }

    String password() {
      return Objects.requireNonNullElse(server.password(), "");
    }
  }

  /** Where a target is reached in one measurement: directly or through the proxy. */
  record Endpoint(Target target, String host, int port) {
    String database() {
      return target.database();
    }
  }

  final List<PgServer> servers;
  final int databasesPerServer;
  final ServerCpu serverCpu;

  private Testbed(List<PgServer> servers, int databasesPerServer) {
    this.servers = servers;
    this.databasesPerServer = databasesPerServer;
    List<java.util.Optional<java.nio.file.Path>> dirs = new ArrayList<>();
    for (PgServer s : servers) {
      dirs.add(s.dataDirectory());
    }
    this.serverCpu = ServerCpu.of(dirs);
  }

  static String database(int i) {
    return String.format("bench_%03d", i);
  }

  /** Starts {@code count} servers with {@code databases} databases each. */
  static Testbed start(int pgVersion, int count, int databases) throws Exception {
    ServerSpec spec = ServerSpec.builder().majorVersion(pgVersion)
        .setting("max_connections", Integer.toString(Math.max(100, databases * 2 + 50)))
        .build();
    List<PgServer> servers = PgServers.startMany(spec, count);
    Testbed bed = new Testbed(servers, databases);
    try {
      bed.createDatabases();
    } catch (Exception e) {
      bed.close();
      throw e;
    }
    return bed;
  }

  private void createDatabases() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, servers.size()));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (PgServer s : servers) {
        done.add(pool.submit(() -> {
          try (Connection c = admin(s); Statement st = c.createStatement()) {
            for (int d = 0; d < databasesPerServer; d++) {
              st.execute("CREATE DATABASE " + database(d));
              st.execute("REVOKE CONNECT ON DATABASE " + database(d) + " FROM PUBLIC");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The first {@code count} targets spread over the first {@code serverCount} servers: target
   * {@code i} is database {@code i / serverCount} on server {@code i % serverCount}. With one
   * database per server the role is {@code app_user}; with several it is {@code app_user_NNN}, one
   * per database, since roles are server-wide and each target must be independent of the others.
   */
  List<Target> targets(int count, int serverCount) {
    List<Target> out = new ArrayList<>();
    int perServer = (count + serverCount - 1) / serverCount;
    for (int i = 0; i < count; i++) {
      int db = i / serverCount;
      String role = perServer == 1 ? "app_user" : "app_user_" + String.format("%03d", db);
      out.add(new Target(i, servers.get(i % serverCount), database(db), role));
    }
    return List.copyOf(out);
  }

  static Connection admin(PgServer s) throws SQLException {
    return jdbc(s.host(), s.port(), "postgres", s.superuser(), Objects.requireNonNullElse(s.password(), ""));
  }

  /**
   * A pgjdbc connection as the baselines open it: no TLS (the servers have none), and {@code
   * assumeMinServerVersion=10} so that pgjdbc sends its session settings in the start-up packet
   * instead of one more round trip.
   */
  static Connection jdbc(String host, int port, String database, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", "disable");
    p.setProperty("assumeMinServerVersion", "10");
    p.setProperty("ApplicationName", "bench-jdbc");
    return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
  }

  /** Drops the targets' roles (untimed, directly), so that every run creates them again. */
  void dropRoles(List<Target> targets) throws Exception {
    forEachServer(targets, (server, mine) -> {
      StringBuilder sql = new StringBuilder();
      for (Target t : mine) {
        sql.append("DO $$BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '").append(t.role())
            .append("') THEN REVOKE CONNECT ON DATABASE ").append(t.database()).append(" FROM ").append(t.role())
            .append("; DROP ROLE ").append(t.role()).append("; END IF; END$$;\n");
      }
      try (Connection c = admin(server); Statement st = c.createStatement()) {
        st.execute(sql.toString());
      }
    });
  }

  /**
   * Logs in to every target directly as its role with the password the run set; returns how many
   * logins succeeded as the right user, and throws if any failed.
   */
  int checkLogins(List<Target> targets, List<String> passwords) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        Target t = targets.get(i);
        String password = passwords.get(i);
        done.add(pool.submit(() -> {
          try (Connection c = jdbc(t.server().host(), t.server().port(), t.database(), t.role(), password);
               Statement st = c.createStatement();
               ResultSet rs = st.executeQuery("SELECT current_user")) {
            if (rs.next() && t.role().equals(rs.getString(1))) {
              ok.incrementAndGet();
            } else {
              synchronized (failures) {
                failures.add(t.role() + "@" + t.database() + ": logged in as someone else");
              }
            }
          } catch (SQLException e) {
            synchronized (failures) {
              failures.add(t.role() + "@" + t.server().name() + "/" + t.database() + ": " + e.getMessage());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " of " + targets.size()
          + " logins with the new password failed, e.g. " + failures.get(0));
    }
    return ok.get();
  }

  @FunctionalInterface
  interface ServerWork {
    void run(PgServer server, List<Target> targets) throws Exception;
  }

  private void forEachServer(List<Target> targets, ServerWork work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, servers.size()));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (PgServer s : servers) {
        List<Target> mine = targets.stream().filter(t -> t.server() == s).toList();
        if (!mine.isEmpty()) {
          done.add(pool.submit(() -> {
            work.run(s, mine);
            return null;
          }));
        }
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static @Nullable String firstLine(@Nullable String s) {
    return s == null ? null : s.lines().findFirst().orElse(s);
  }

  @Override
  public void close() {
    for (PgServer s : servers) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // stopping the rest matters more
      }
    }
  }
}
