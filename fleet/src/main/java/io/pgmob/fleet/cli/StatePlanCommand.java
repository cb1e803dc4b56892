package io.pgmob.fleet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.ops.FleetJson;
import io.pgmob.fleet.state.ClusterPlan;
import io.pgmob.fleet.state.FleetState;
import io.pgmob.fleet.state.PlanSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pgmob fleet plan -f state.yaml}: what each selected cluster lacks to match the state file. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
    header = "Show what each cluster needs to match a state file (reads only; grouped).",
    description = {"Read every selected cluster (sessions opened read-only) and show, per cluster, the statements",
        "that would make it match the state file. Identical plans are shown once with the clusters they",
        "apply to. Passwords are compared with the stored verifiers and never shown.", "",
        "The file is checked before any cluster is contacted (errors give file:line:column and the field).",
        "See docs/state.md for the format.", "",
        "Examples:",
        "  pgmob fleet plan -f state.yaml",
        "  pgmob fleet plan -f state.yaml -s env=prod -o json"},
    footer = StatePlanCommand.EXIT_CODES)
class StatePlanCommand extends FleetSubcommand {

  static final String EXIT_CODES = """
      %nExit codes:
        0   every selected cluster matches the file (no change)
        1   some clusters could not be planned (unreachable, or reading failed)
        2   changes pending on some clusters (and none failed)
        64  usage error: bad option, inventory, selector or state file; nothing was contacted
        70  internal error
      """;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The state file (YAML or JSON).")
  Path file;

  /** The word the output starts with. */
  String verb() {
    return "plan";
  }

  @Override
  public Integer call() {
    FleetState state = FleetState.parse(file);
    CliEnvironment env = env();
    Inventory inventory = common.inventory(env);
    List<Target> targets = common.targets(inventory);
    Fleet fleet = Fleet.create(inventory, common.fleetOptions(io.pgmob.fleet.ProgressListener.none(), null));
    List<ClusterResult<ClusterPlan>> results = new ArrayList<>();
    try (io.pgmob.fleet.ConsoleProgress bar = common.progress(env).total(targets.size()).inFlight(fleet::inFlight)
        .build()) {
      bar.phase(verb());
      results.addAll(await(state.plan(fleet, targets).doOnNext(bar::finished).collectList().toFuture()));
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      order.put(targets.get(i).name(), i);
    }
    results.sort(Comparator.comparing(r -> order.getOrDefault(r.name(), Integer.MAX_VALUE)));
    PlanSummary summary = PlanSummary.of(results);
    print(env.out(), state, summary, results.size());
    return summary.hasErrors() ? ExitCodes.PARTIAL_FAILURE : summary.hasChanges() ? 2 : ExitCodes.OK;
  }

  private void print(PrintWriter out, FleetState state, PlanSummary summary, int clusters) {
    if (common.output == CommonOptions.Format.json) {
      ObjectNode o = FleetJson.object().put("file", state.source()).put("digest", state.digest())
          .put("clusters", clusters).put("noChange", summary.count(PlanSummary.Kind.NO_CHANGE))
          .put("changesPending", summary.count(PlanSummary.Kind.CHANGES))
          .put("unreachable", summary.count(PlanSummary.Kind.UNREACHABLE))
          .put("failed", summary.count(PlanSummary.Kind.ERROR));
      ArrayNode groups = o.putArray("groups");
      for (PlanSummary.Group g : summary.groups()) {
        ObjectNode group = groups.addObject().put("kind", g.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        group.set("clusters", FleetJson.strings(g.clusters()));
        group.set("statements", FleetJson.strings(g.lines()));
        group.set("messages", FleetJson.strings(g.messages()));
      }
      out.println(FleetJson.writePretty(o));
    } else {
      out.println(verb() + " of " + state.source() + " (" + state.digest() + ") on " + clusters
          + (clusters == 1 ? " cluster" : " clusters") + ":");
      out.println();
      out.println(summary);
    }
    out.flush();
  }
}
