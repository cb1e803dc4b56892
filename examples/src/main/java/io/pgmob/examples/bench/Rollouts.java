package io.pgmob.examples.bench;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import io.pgmob.examples.bench.Testbed.Endpoint;
import io.pgmob.examples.bench.Testbed.Target;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.FleetReport;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.postgresql.client.SSLMode;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Scenario A, the one-shot rollout: per cluster open a connection, create the role if missing, set
 * its password (a SCRAM verifier computed on the client), grant CONNECT on the database, close.
 * Every alternative sends the same SQL text in one simple-query round trip; they differ only in how
 * they connect and fan out.
 */
final class Rollouts {

  private Rollouts() {}

  /** One cluster's work in one run. */
  record Task(Endpoint endpoint, Sql sql) {
    Target target() {
      return endpoint.target();
    }
  }

  /** One way of doing the rollout. */
  interface Rollout {
    /** The name printed in the results (and accepted by {@code --only}). */
    String name();

    /** How it works, one line. */
    String description();

    /** Whether it visits the clusters one after another (then only a sample is run). */
    default boolean sequential() {
      return false;
    }

    /** Does the work on every task; throws if any failed. */
    void run(List<Task> tasks) throws Exception;
  }

  /** The rollout statement for {@code target} with a password verifier. */
  static Sql sql(Target target, String verifier) {
    Identifier role = Identifier.of(target.role());
    return Sql.format("DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {})"
            + " THEN CREATE ROLE {} LOGIN; END IF; END$$; ALTER ROLE {} PASSWORD {}; GRANT CONNECT ON DATABASE {} TO {}",
        Literal.of(target.role()), role, role, Literal.secret(verifier), Identifier.of(target.database()), role);
  }

  /** Shared by the tuned raw r2dbc alternatives, as pgmob's transport shares its own. */
  static final LoopResources TUNED_LOOPS = LoopResources.create("bench-r2dbc",
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), true);

  /**
   * A raw r2dbc-postgresql factory for one target. {@code tuned=false}: the driver's defaults (what
   * one writes first). {@code tuned=true}: what pgmob's transport sets (no extension auto-detection,
   * shared event loops, TCP_NODELAY).
   */
  static PostgresqlConnectionFactory r2dbcFactory(Endpoint e, boolean tuned, String application) {
    PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
        .host(e.host())
        .port(e.port())
        .database(e.database())
        .username(e.target().user())
        .password(e.target().password())
        .applicationName(application)
        .sslMode(SSLMode.DISABLE);
    if (tuned) {
      b.autodetectExtensions(false).loopResources(TUNED_LOOPS).tcpNoDelay(true);
    }
    return new PostgresqlConnectionFactory(b.build());
  }

  /** The pgmob connection spec for one target. */
  static ConnectionSpec spec(Endpoint e, String application) {
    return ConnectionSpec.builder()
        .name("t" + e.target().index())
        .host(e.host())
        .port(e.port())
        .database(e.database())
        .user(e.target().user())
        .password(e.target().password())
        .sslMode(SslMode.DISABLE)
        .applicationName(application)
        .build();
  }

  static void jdbcWork(Task t) throws Exception {
    Endpoint e = t.endpoint();
    try (Connection c = Testbed.jdbc(e.host(), e.port(), e.database(), e.target().user(), e.target().password());
         Statement st = c.createStatement()) {
      st.execute(t.sql().text());
    }
  }

  /** A plain loop over the clusters with pgjdbc. */
  static final class JdbcSequential implements Rollout {
    @Override
    public String name() {
      return "jdbc-seq";
    }

    @Override
    public String description() {
      return "pgjdbc, one cluster after another";
    }

    @Override
    public boolean sequential() {
      return true;
    }

    @Override
    public void run(List<Task> tasks) throws Exception {
      for (Task t : tasks) {
        jdbcWork(t);
      }
    }
  }

  /** pgjdbc on a fixed thread pool, one task per cluster. */
  static final class JdbcPool implements Rollout {
    private final int threads;

    JdbcPool(int threads) {
      this.threads = threads;
    }

    @Override
    public String name() {
      return "jdbc-" + threads;
    }

    @Override
    public String description() {
      return "pgjdbc on a fixed pool of " + threads + " threads";
    }

    @Override
    public void run(List<Task> tasks) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
          done.add(pool.submit(() -> {
            jdbcWork(t);
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
  }

  /** r2dbc-postgresql directly, {@code Flux.flatMap} over the clusters, no pgmob layer. */
  static final class R2dbcFanOut implements Rollout {
    private final boolean tuned;

    R2dbcFanOut(boolean tuned) {
      this.tuned = tuned;
    }

    @Override
    public String name() {
      return tuned ? "r2dbc-tuned" : "r2dbc";
    }

    @Override
    public String description() {
      return tuned
          ? "raw r2dbc-postgresql, Flux.flatMap, tuned like pgmob's transport (no extension probe, shared loops)"
          : "raw r2dbc-postgresql, Flux.flatMap, driver defaults";
    }

    @Override
    public void run(List<Task> tasks) {
      Flux.fromIterable(tasks)
          .flatMap(t -> Mono.usingWhen(
              r2dbcFactory(t.endpoint(), tuned, "bench-r2dbc").create(),
              c -> c.createStatement(t.sql().text()).execute().flatMap(PostgresqlResult::getRowsUpdated).then(),
              PostgresqlConnection::close), Math.max(1, tasks.size()))
          .then()
          .block();
    }
  }

  /** pgmob's reactive core without the fleet engine: {@code Cluster.connect} per cluster and flatMap. */
  static final class CoreFanOut implements Rollout {
    @Override
    public String name() {
      return "pgmob-core";
    }

    @Override
    public String description() {
      return "pgmob Cluster.connect + execute per cluster, Flux.flatMap (no fleet engine)";
    }

    @Override
    public void run(List<Task> tasks) {
      Flux.fromIterable(tasks)
          .flatMap(t -> Mono.usingWhen(
              Cluster.connect(spec(t.endpoint(), "bench-pgmob")),
              c -> c.execute(t.sql()).then(),
              Cluster::close), Math.max(1, tasks.size()))
          .then()
          .block();
    }
  }

  /**
   * pgmob's fleet engine: an inventory of the clusters, {@code fleet.run} with one operation that
   * runs each cluster's statement, the results collected into a {@link FleetReport}. Concurrency is
   * set to the number of clusters, as the raw fan-out runs them all at once; other options are the
   * defaults (retries of transient failures, per-cluster limits, timeouts).
   */
  static final class FleetRollout implements Rollout {
    @Override
    public String name() {
      return "fleet";
    }

    @Override
    public String description() {
      return "pgmob fleet engine: Fleet.run(targets, op), FleetReport.collect (concurrency = clusters)";
    }

    @Override
    public void run(List<Task> tasks) {
      List<io.pgmob.fleet.inventory.Target> targets = new ArrayList<>(tasks.size());
      Map<String, Sql> work = new HashMap<>();
      for (Task t : tasks) {
        String name = "t" + t.target().index();
        targets.add(io.pgmob.fleet.inventory.Target.of(name, spec(t.endpoint(), "bench-fleet"), Map.of()));
        work.put(name, t.sql());
      }
      Fleet fleet = Fleet.create(Inventory.of(targets),
          FleetOptions.builder().concurrency(Math.max(1, tasks.size())).build());
      FleetReport report = FleetReport.collect(
          fleet.run(targets, FleetOperation.of(c -> c.execute(work.get(c.spec().name())).then()))).block();
      if (report == null || !report.isSuccess()) {
        throw new IllegalStateException("the fleet run failed: " + report);
      }
    }
  }
}
