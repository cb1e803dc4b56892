package io.pgmob.fleet;

import io.pgmob.Cluster;
import io.pgmob.managed.Plan;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Implementations behind the {@link FleetOperation} factories. */
final class Operations {

  private Operations() {}

  /** The identity {@code op} was given, or null when it is just its description (then it follows the description). */
  static @Nullable OperationIdentity ownIdentity(FleetOperation<?> op) {
    OperationIdentity id = op.identity();
    return id.isPlain() && id.description().equals(op.describe()) ? null : id;
  }

  static final class Simple<T> implements FleetOperation<T> {
    private final Function<Cluster, ? extends Publisher<T>> work;
    private final @Nullable Function<Cluster, Mono<Plan>> planner;
    private final @Nullable Function<Cluster, Mono<Reconciliation<T>>> reconciler;
    private final String description;
    private final @Nullable OperationIdentity identity;

    Simple(Function<Cluster, ? extends Publisher<T>> work, @Nullable Function<Cluster, Mono<Plan>> planner,
        @Nullable Function<Cluster, Mono<Reconciliation<T>>> reconciler, String description) {
      this(work, planner, reconciler, description, null);
    }

    Simple(Function<Cluster, ? extends Publisher<T>> work, @Nullable Function<Cluster, Mono<Plan>> planner,
        @Nullable Function<Cluster, Mono<Reconciliation<T>>> reconciler, String description,
        @Nullable OperationIdentity identity) {
      this.work = work;
      this.planner = planner;
      this.reconciler = reconciler;
      this.description = description;
      this.identity = identity;
    }

    @Override
    public OperationIdentity identity() {
      return identity != null ? identity : OperationIdentity.of(description);
    }

    @Override
    public Publisher<T> apply(Cluster cluster) {
      return work.apply(cluster);
    }

    @Override
    public Mono<Plan> plan(Cluster cluster) {
      return planner == null ? FleetOperation.super.plan(cluster) : planner.apply(cluster);
    }

    @Override
    public boolean reconciles() {
      return reconciler != null;
    }

    @Override
    public Mono<Reconciliation<T>> reconcile(Cluster cluster) {
      return reconciler == null ? FleetOperation.super.reconcile(cluster) : reconciler.apply(cluster);
    }

    @Override
    public String describe() {
      return description;
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
