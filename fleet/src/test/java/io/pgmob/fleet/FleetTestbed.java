package io.pgmob.fleet;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.PgServers;
import io.pgmob.testkit.ServerSpec;
import io.pgmob.testsupport.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * 100 real cluster targets shared by the fleet integration tests of this JVM: 4 servers of
 * different majors ({@link #MAJORS}, a mixed fleet like a real one) with 25 databases each
 * ({@code fleet_00} .. {@code fleet_24}). Targets are named {@code s<server>-db<nn>} and labelled
 * {@code server}, {@code pg} (major), {@code env} (prod for even databases, staging for odd) and
 * {@code region} (eu for servers 0 and 1, us for 2 and 3). Started once, stopped at JVM exit by
 * the testkit.
 */
final class FleetTestbed {

  static final int SERVERS = 4;
  static final int DATABASES = 25;
  static final List<Integer> MAJORS = List.of(13, 15, 17, 18);

  private static FleetTestbed instance;

  final List<PgServer> servers;
  final List<Cluster> admins = new ArrayList<>();
  final List<Target> targets = new ArrayList<>();

  private FleetTestbed(List<PgServer> servers) {
    this.servers = servers;
    for (int s = 0; s < servers.size(); s++) {
      PgServer server = servers.get(s);
      Cluster admin = TestClusters.connect(server);
      admins.add(admin);
    }
    Flux.range(0, servers.size())
        .flatMap(s -> Flux.range(0, DATABASES).concatMap(d -> admins.get(s).update("CREATE DATABASE " + db(d))))
        .blockLast(Duration.ofMinutes(3));
    for (int s = 0; s < servers.size(); s++) {
      for (int d = 0; d < DATABASES; d++) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("server", "s" + s);
        labels.put("pg", String.valueOf(servers.get(s).majorVersion()));
        labels.put("env", d % 2 == 0 ? "prod" : "staging");
        labels.put("region", s < 2 ? "eu" : "us");
        targets.add(Target.of(name(s, d), spec(servers.get(s), db(d)), labels));
      }
    }
  }

  static synchronized FleetTestbed get() {
    if (instance == null) {
      List<PgServer> servers = Flux.fromIterable(MAJORS)
          .flatMapSequential(v -> reactor.core.publisher.Mono.fromCallable(() -> PgServers.start(
                  ServerSpec.builder().majorVersion(v).setting("max_connections", "150").build()))
              .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
          .collectList().block(Duration.ofMinutes(5));
      instance = new FleetTestbed(servers);
    }
    return instance;
  }

  static String db(int d) {
    return String.format("fleet_%02d", d);
  }

  static String name(int s, int d) {
    return String.format("s%d-db%02d", s, d);
  }

  private static ConnectionSpec spec(PgServer server, String db) {
    return TestClusters.spec(server, db).toBuilder().applicationName("pgmob-fleet-test").build();
  }

  Inventory inventory() {
    return Inventory.of(targets);
  }

  /** Targets with their spec replaced, e.g. to route through a proxy. */
  List<Target> mapped(Function<Target, ConnectionSpec> f) {
    return targets.stream().map(t -> Target.of(t.name(), f.apply(t), t.labels())).toList();
  }

  /** Runs {@code sql} on every database of every server (set-up and clean-up; blocking). */
  void everywhere(String sql) {
    Flux.fromIterable(targets)
        .flatMap(t -> Cluster.connect(t.spec()).flatMap(c -> c.executeScript(sql).then(c.close())), 16)
        .blockLast(Duration.ofMinutes(2));
  }

  /** Sessions of the test application on all servers running a statement matching {@code like}. */
  int activeSessions(String like) {
    return Flux.fromIterable(admins)
        .flatMap(a -> a.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgmob-fleet-test'"
            + " AND state = 'active' AND query LIKE $1", Long.class, like))
        .reduce(0L, Long::sum).block(Duration.ofSeconds(10)).intValue();
  }

  /** Sessions of the test application on all servers (any state). */
  int sessions() {
    return Flux.fromIterable(admins)
        .flatMap(a -> a.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgmob-fleet-test'",
            Long.class))
        .reduce(0L, Long::sum).block(Duration.ofSeconds(10)).intValue();
  }
}
