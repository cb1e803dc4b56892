package io.pgmob.examples.bench;

import io.pgmob.Cluster;
import io.pgmob.examples.bench.Testbed.Endpoint;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.FleetOptions;
import io.pgmob.fleet.inventory.Inventory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scenario B, the steady-state pipeline: one session held per target; a round sends {@link #QUERY}
 * to every target and waits for every answer. Each round checks that every target answered from
 * its own database.
 */
final class Pipelines {

  /** What a monitoring round asks every target. */
  static final String QUERY = "SELECT current_database() AS db, pg_is_in_recovery() AS standby";

  private Pipelines() {}

  /** A set of held sessions (one per target) and the ways of running rounds over them. */
  interface Family extends AutoCloseable {
    String name();

    /** Opens one session per endpoint, {@code parallel} at a time. */
    void open(List<Endpoint> endpoints, int parallel) throws Exception;

    List<Pipeline> pipelines();

    @Override
    void close();
  }

  /** One way of running a round. */
  interface Pipeline {
    String name();

    String description();

    /** How many targets a round visits (fewer than all for the sequential sample). */
    int visited();

    /** Runs one round; throws if a target did not answer or answered wrongly. */
    void round() throws Exception;
  }

  /** The body of one round of {@code self}; may throw. */
  interface Round {
    void run(Pipeline self) throws Exception;
  }

  /** A pipeline from its parts. */
  static Pipeline pipeline(String name, String description, IntSupplier visited, Round round) {
    return new Pipeline() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public int visited() {
        return visited.getAsInt();
      }

      @Override
      public void round() throws Exception {
        round.run(this);
      }
    };
  }

  static void check(int answered, int expected, String who) {
    if (answered != expected) {
      throw new IllegalStateException(who + ": " + answered + " of " + expected + " targets answered correctly");
    }
  }

  /** pgjdbc connections, used by a sequential loop and by fixed thread pools. */
  static final class JdbcFamily implements Family {
    private final List<Connection> connections = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();
    private final int seqSample;
    private final List<Integer> poolSizes;
    private final List<ExecutorService> pools = new ArrayList<>();

    JdbcFamily(int seqSample, List<Integer> poolSizes) {
      this.seqSample = seqSample;
      this.poolSizes = poolSizes;
    }

    @Override
    public String name() {
      return "jdbc";
    }

    @Override
    public void open(List<Endpoint> endpoints, int parallel) throws Exception {
      ExecutorService opener = Executors.newFixedThreadPool(parallel);
      try {
        List<Future<Connection>> fs = new ArrayList<>();
        for (Endpoint e : endpoints) {
          fs.add(opener.submit(() -> Testbed.jdbc(e.host(), e.port(), e.database(), e.target().user(),
              e.target().password())));
          expected.add(e.database());
        }
        for (Future<Connection> f : fs) {
          connections.add(f.get());
        }
      } finally {
        opener.shutdown();
      }
    }

    private boolean ask(int i) throws Exception {
      try (Statement st = connections.get(i).createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
        return rs.next() && expected.get(i).equals(rs.getString("db")) && !rs.getBoolean("standby");
      }
    }

    @Override
    public List<Pipeline> pipelines() {
      List<Pipeline> out = new ArrayList<>();
      out.add(pipeline("jdbc-seq", "pgjdbc, one target after another", () -> Math.min(seqSample, connections.size()), self -> {
        int ok = 0;
        for (int i = 0; i < self.visited(); i++) {
          ok += ask(i) ? 1 : 0;
        }
        check(ok, self.visited(), self.name());
      }));
      for (int threads : poolSizes) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        out.add(pipeline("jdbc-" + threads, "pgjdbc on a fixed pool of " + threads + " threads", () -> connections.size(), self -> {
          List<Future<Boolean>> fs = new ArrayList<>(connections.size());
          for (int i = 0; i < connections.size(); i++) {
            int k = i;
            fs.add(pool.submit(() -> ask(k)));
          }
          int ok = 0;
          for (Future<Boolean> f : fs) {
            ok += f.get() ? 1 : 0;
          }
          check(ok, self.visited(), self.name());
        }));
      }
      return out;
    }

    @Override
    public void close() {
      pools.forEach(ExecutorService::shutdownNow);
      for (Connection c : connections) {
        try {
          c.close();
        } catch (Exception e) {
          // closing the rest matters more
        }
      }
      connections.clear();
    }
  }

  /** Raw r2dbc-postgresql connections; a round is one {@code Flux.flatMap} over them. */
  static final class R2dbcFamily implements Family {
    private final boolean tuned;
    private final List<PostgresqlConnection> connections = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();

    R2dbcFamily(boolean tuned) {
      this.tuned = tuned;
    }

    @Override
    public String name() {
      return tuned ? "r2dbc-tuned" : "r2dbc";
    }

    @Override
    public void open(List<Endpoint> endpoints, int parallel) {
      List<PostgresqlConnection> opened = Flux.range(0, endpoints.size())
          .flatMapSequential(i -> Rollouts.r2dbcFactory(endpoints.get(i), tuned, "bench-r2dbc").create(), parallel)
          .collectList()
          .block();
      connections.addAll(opened);
      endpoints.forEach(e -> expected.add(e.database()));
    }

    @Override
    public List<Pipeline> pipelines() {
      return List.of(pipeline(R2dbcFamily.this.name(), tuned ? "raw r2dbc-postgresql, tuned like pgmob's transport, Flux.flatMap"
              : "raw r2dbc-postgresql, driver defaults, Flux.flatMap", () -> connections.size(), self -> {
        Integer ok = Flux.range(0, connections.size())
            .flatMap(i -> Flux.from(connections.get(i).createStatement(QUERY).execute())
                .flatMap(r -> r.map((row, md) -> expected.get(i).equals(row.get("db", String.class))
                    && Boolean.FALSE.equals(row.get("standby", Boolean.class))))
                .filter(b -> b), connections.size())
            .reduce(0, (n, b) -> n + 1)
            .block();
        check(ok == null ? 0 : ok, self.visited(), self.name());
      }));
    }

    @Override
    public void close() {
      Flux.fromIterable(connections).flatMap(c -> c.close().onErrorResume(e -> Mono.empty())).then().block();
      connections.clear();
    }
  }

  /** pgmob clusters held open, a round is {@code Flux.flatMap} over {@code execute} (no fleet engine). */
  static final class CoreFamily implements Family {
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();

    @Override
    public String name() {
      return "pgmob-core";
    }

    @Override
    public void open(List<Endpoint> endpoints, int parallel) {
      List<Cluster> opened = Flux.range(0, endpoints.size())
          .flatMapSequential(i -> Cluster.connect(Rollouts.spec(endpoints.get(i), "bench-pgmob")), parallel)
          .collectList()
          .block();
      clusters.addAll(opened);
      endpoints.forEach(e -> expected.add(e.database()));
    }

    @Override
    public List<Pipeline> pipelines() {
      return List.of(pipeline("pgmob-core", "pgmob Cluster.execute per held cluster, Flux.flatMap (no fleet engine)", () -> clusters.size(), self -> {
        AtomicInteger ok = new AtomicInteger();
        Flux.range(0, clusters.size())
            .flatMap(i -> clusters.get(i).execute(QUERY)
                .doOnNext(r -> {
                  if (expected.get(i).equals(r.getString("db")) && Boolean.FALSE.equals(r.getBoolean("standby"))) {
                    ok.incrementAndGet();
                  }
                  }), clusters.size())
              .then()
              .block();
          check(ok.get(), self.visited(), self.name());
      }));
    }

    @Override
    public void close() {
      Flux.fromIterable(clusters).flatMap(c -> c.close().onErrorResume(e -> Mono.empty())).then().block();
      clusters.clear();
    }
  }

  /**
   * pgmob's fleet engine: {@code fleet.run} per round, with {@link
   * FleetOptions.Builder#holdSessions(boolean) held sessions}: the first round connects every
   * target, later rounds reuse the idle session the engine kept per target (closed by {@code
   * Fleet.close()} at the end). Before 2026-11-24 this alternative ran without held sessions, so
   * every round reconnected every target.
   */
  static final class FleetFamily implements Family {
    private @org.jspecify.annotations.Nullable Fleet fleet;
    private final List<io.pgmob.fleet.inventory.Target> targets = new ArrayList<>();
    private final Map<String, String> expected = new HashMap<>();

    @Override
    public String name() {
      return "fleet";
    }

    @Override
    public void open(List<Endpoint> endpoints, int parallel) {
      for (Endpoint e : endpoints) {
        String name = "t" + e.target().index();
        targets.add(io.pgmob.fleet.inventory.Target.of(name, Rollouts.spec(e, "bench-fleet"), Map.of()));
        expected.put(name, e.database());
      }
      fleet = Fleet.create(Inventory.of(targets), FleetOptions.builder().concurrency(targets.size()).holdSessions(true).build());
    }

    @Override
    public List<Pipeline> pipelines() {
      return List.of(pipeline("fleet", "pgmob fleet engine, Fleet.run(targets, op) per round with holdSessions(true) (one idle session kept per target between runs)", () -> targets.size(), self -> {
        Fleet f = java.util.Objects.requireNonNull(fleet, "not open");
        List<ClusterResult<Boolean>> results = f.run(targets, FleetOperation.of(c -> c.execute(QUERY)
                .map(r -> expected.get(c.spec().name()).equals(r.getString("db"))
                    && Boolean.FALSE.equals(r.getBoolean("standby")))))
            .collectList()
            .block();
        int ok = 0;
        for (ClusterResult<Boolean> r : results) {
          ok += r.isSuccess() && Boolean.TRUE.equals(r.value()) ? 1 : 0;
        }
        check(ok, self.visited(), self.name());
      }));
    }

    @Override
    public void close() {
      Fleet f = fleet;
      if (f != null) {
        f.close().block();
      }
      targets.clear();
      fleet = null;
    }
  }
}
