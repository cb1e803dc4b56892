package io.pgmob.fleet.state;

import io.pgmob.Cluster;
import io.pgmob.fleet.AppliedChanges;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.Reconciliation;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.Plan;
import io.pgmob.password.Password;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link FleetState#operation}: plan on the rollout's session, then apply step by step. */
final class StateOperation implements FleetOperation<AppliedChanges> {

  private final FleetState state;
  private final Map<String, Target> targets;
  private final Function<Credentials, Password> secrets;

  StateOperation(FleetState state, Map<String, Target> targets, Function<Credentials, Password> secrets) {
    this.state = state;
    this.targets = targets;
    this.secrets = secrets;
  }

  private Mono<ClusterPlan> planOf(Cluster c) {
    return Mono.defer(() -> {
      Target t = targets.get(c.spec().name());
      if (t == null) {
        return Mono.error(new IllegalStateException("no target named " + c.spec().name() + " in this state operation"));
      }
      return Planner.plan(c, t.name(), state.desired(t), state.externalRoles(), secrets);
    });
  }

  @Override
  public Publisher<AppliedChanges> apply(Cluster cluster) {
    return planOf(cluster).flatMap(p -> Flux.fromIterable(p.steps())
        .concatMap(step -> step.database() == null || step.database().equals(cluster.currentDatabase())
            ? Changes.apply(cluster, step.plan())
            : Mono.usingWhen(cluster.connectTo(step.database()), s -> Changes.apply(s, step.plan()), Cluster::close))
        .collectList()
        .map(lists -> new AppliedChanges(lists.stream().flatMap(List<Change>::stream).toList(), false)));
  }

  @Override
  public Mono<Plan> plan(Cluster cluster) {
    return planOf(cluster).map(ClusterPlan::flat);
  }

  @Override
  public boolean reconciles() {
    return true;
  }

  @Override
  public Mono<Reconciliation<AppliedChanges>> reconcile(Cluster cluster) {
    // the plan converges: what is missing is re-applied, what took effect is not planned again
    return planOf(cluster).map(p -> p.isEmpty()
        ? Reconciliation.applied(new AppliedChanges(List.of(), true))
        : Reconciliation.notApplied());
  }

  @Override
  public String describe() {
    return "state " + state.source() + " (" + state.digest() + ")";
  }
}
