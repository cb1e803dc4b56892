package io.pgmob.fleet.cli;

import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.ClusterRow;
import io.pgmob.fleet.ConsoleProgress;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetQueryException;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pgmob fleet query SQL}: the rows of a query on every selected cluster, tagged with the cluster. */
@Command(name = "query", mixinStandardHelpOptions = true, header = "Run a query on every selected cluster; rows tagged with their cluster.", sortOptions = false,
    description = {"Run a query on every selected cluster, in a read-only transaction; print the rows with a first column"
        + " 'cluster'.",
        "A query cannot change a cluster: a write (DDL, INSERT, nextval ...) fails on every cluster and changes nothing;"
        + " change clusters with 'pgmob fleet rollout'.",
        "A failed cluster gives no rows: its error goes to stderr and the exit code is 1.", "",
        "Example:",
        "  pgmob fleet query -s env=prod -o csv \\",
        "    \"SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS lag FROM pg_replication_slots\""},
    footer = ExitCodes.HELP)
final class QueryCommand extends FleetSubcommand {

  @Parameters(index = "0", paramLabel = "SQL", description = "The query: one statement (several are refused before any runs), run read-only; retried on transient"
      + " errors, which is safe because it cannot write.")
  String sql;

  /** SQLSTATEs of a write refused in a read-only transaction (25006) or of a try to make it read-write (25001). */
  private static final Set<String> READ_ONLY_REFUSALS = Set.of(io.pgmob.error.SqlStates.READ_ONLY_SQL_TRANSACTION,
      io.pgmob.error.SqlStates.ACTIVE_SQL_TRANSACTION);

  @Override
  public Integer call() {
    CliEnvironment env = env();
    Inventory inventory = common.inventory(env);
    int total = common.targets(inventory).size();
    AtomicReference<@Nullable Fleet> running = new AtomicReference<>();
    ConsoleProgress bar = common.progress(env).inFlight(() -> {
      Fleet f = running.get();
      return f == null ? 0 : f.inFlight();
    }).build();
    Fleet fleet = Fleet.create(inventory, common.fleetOptions(bar, null));
    running.set(fleet);
    List<ClusterRow> rows = new ArrayList<>();
    List<ClusterResult<?>> failures = new ArrayList<>();
    try (bar) {
      CompletableFuture<List<ClusterRow>> done = fleet.query(Selector.parse(common.selector), sql)
          .doOnNext(rows::add)
          .onErrorResume(FleetQueryException.class, e -> {
            failures.addAll(e.failures());
            return reactor.core.publisher.Flux.empty();
          })
          .collectList().toFuture();
      await(done);
    }
    // rows arrive in completion order; print them grouped by cluster in inventory order (stable within a cluster)
    List<String> order = inventory.select(Selector.parse(common.selector)).stream().map(t -> t.name()).toList();
    rows.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.cluster())));
    failures.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.name())));
    Set<String> columns = new LinkedHashSet<>();
    columns.add("cluster");
    rows.forEach(r -> columns.addAll(r.row().columns()));
    List<String> cols = new ArrayList<>(columns);
    List<List<@Nullable Object>> table = new ArrayList<>();
    for (ClusterRow r : rows) {
      List<@Nullable Object> line = new ArrayList<>(Arrays.asList(new Object[cols.size()]));
      line.set(0, r.cluster());
      List<String> rc = r.row().columns();
      for (int i = 0; i < rc.size(); i++) {
        line.set(cols.indexOf(rc.get(i)), r.row().get(i));
      }
      table.add(line);
    }
    Output.print(env.out(), common.output, cols, table);
    for (ClusterResult<?> f : failures) {
      env.err().println("pgmob: " + f.name() + " failed: " + f.message() + (f.sqlState() != null ? " [" + f.sqlState() + "]" : ""));
    }
    env.err().flush();
    long writes = failures.stream().filter(f -> READ_ONLY_REFUSALS.contains(String.valueOf(f.sqlState()))).count();
    if (writes > 0) {
      env.err().println("pgmob: 'fleet query' runs read-only and changed nothing; to change clusters use"
          + " 'pgmob fleet rollout --sql SQL' (canary, waves, dry run, journal)");
      if (writes == total) {
        env.err().flush();
        return ExitCodes.USAGE;
      }
    }
    if (!failures.isEmpty()) {
      env.err().println("pgmob: " + failures.size() + " of " + total + " clusters failed");
      env.err().flush();
      return ExitCodes.PARTIAL_FAILURE;
    }
    return ExitCodes.OK;
  }
}
