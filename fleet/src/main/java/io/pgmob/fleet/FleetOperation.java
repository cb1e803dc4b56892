package io.pgmob.fleet;

import io.pgmob.Cluster;
import io.pgmob.managed.Change;
import io.pgmob.managed.Changes;
import io.pgmob.managed.Plan;
import io.pgmob.sql.Sql;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * What a fleet run does on each cluster. A lambda {@code cluster -> publisher} is one; the
 * factories add a dry-run plan and reconciliation.
 *
 * <pre>{@code
 * fleet.run(sel, c -> c.scalar("SELECT count(*) FROM pg_stat_activity", Long.class));
 *
 * // plan-based: dry run prints the plan, apply runs it, reconcile re-plans (safe after a lost connection)
 * fleet.run(sel, FleetOperation.ofPlan(c -> c.roles().get("app").map(r -> r.alter().login(true).plan())));
 * }</pre>
 *
 * <p>The value a run reports for a cluster is the last item the publisher emitted (collect in the
 * operation, e.g. {@code c -> c.list(sql)}, to keep them all). A value that is {@link io.pgmob.managed.Changed}
 * and unchanged is reported as {@link Outcome#UNCHANGED}; so is a value of any type with a public
 * {@code boolean changed()} method that returns false (an {@code EnsureResult} of a managed
 * object kind), so operations can return such results without wrapping them.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface FleetOperation<T> {

  /**
   * Does the work on one cluster (a session the engine opened for this run and target).
   *
   * @param cluster the session to work through; the engine closes (or holds) it afterwards
   * @return the work; its last item is the cluster's value
   */
  Publisher<T> apply(Cluster cluster);

  /**
   * What {@link #apply} would change, without changing anything (for dry runs). Default: an error
   * saying the operation cannot plan; a dry run reports such clusters as skipped.
   *
   * @param cluster the session to read the cluster's state through
   * @return the changes {@link #apply} would make (empty: none)
   */
  default Mono<Plan> plan(Cluster cluster) {
    return Mono.error(new UnsupportedOperationException("this operation has no dry-run plan"));
  }

  /** {@return whether {@link #reconcile} can tell if a lost attempt took effect. Default false} */
  default boolean reconciles() {
    return false;
  }

  /**
   * Called, on a fresh session, before retrying an attempt whose connection broke after the
   * statement was sent. Default: {@link Reconciliation#unknown()} (the cluster then fails with
   * "effect unknown" instead of being retried blindly). Override together with {@link #reconciles()}.
   *
   * @param cluster a fresh session to the cluster whose attempt was lost
   * @return whether the lost attempt took effect: applied (with its value), not applied (run it
   *     again) or unknown
   */
  default Mono<Reconciliation<T>> reconcile(Cluster cluster) {
    return Mono.just(Reconciliation.unknown());
  }

  /** {@return a short description for journals and dry runs. Default: {@code operation}} */
  default String describe() {
    return "operation";
  }

  /**
   * What this operation is and what it was given, to bind a rollout journal to it (see {@link
   * OperationIdentity}): a journal written under another identity is refused rather than resumed.
   * Default: {@link #describe()} alone, so two different lambdas with the same description and
   * rollout name look alike; give inputs with {@link #identifiedBy}.
   *
   * @return the identity a journal records (as a salted fingerprint)
   */
  default OperationIdentity identity() {
    return OperationIdentity.of(describe());
  }

  /**
   * This operation with another identity (its inputs, secrets as digests only).
   *
   * @param identity the description and inputs that tell this operation from another
   * @return a new operation with the same work, plan and reconciliation
   */
  default FleetOperation<T> identifiedBy(OperationIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    return new Operations.Simple<>(this::apply, this::plan, reconciles() ? this::reconcile : null, describe(), identity);
  }

  /**
   * An operation from a function; no plan, no reconciliation.
   *
   * @param <T> the value type
   * @param work the work on one cluster
   * @return the operation
   */
  static <T> FleetOperation<T> of(Function<Cluster, ? extends Publisher<T>> work) {
    Objects.requireNonNull(work, "work");
    return new Operations.Simple<>(work, null, null, "operation");
  }

  /**
   * An operation that is safe to repeat (for example an {@code ensure(...)}): after a lost
   * connection it is simply run again.
   *
   * @param <T> the value type
   * @param work the work on one cluster, safe to run twice
   * @return the operation
   */
  static <T> FleetOperation<T> idempotent(Function<Cluster, ? extends Publisher<T>> work) {
    return new Operations.Simple<>(work, null, c -> Mono.just(Reconciliation.notApplied()), "idempotent operation");
  }

  /**
   * An operation built from a plan: dry run shows the plan, apply computes it again and runs it
   * with {@link Changes#apply} (one transaction under the catalog lock); an empty plan reports
   * {@link Outcome#UNCHANGED}. After a lost connection it re-plans: an empty plan means the lost
   * attempt took effect.
   *
   * @param planner computes a cluster's plan from its current state
   * @return the operation; its value lists the changes applied
   */
  static FleetOperation<AppliedChanges> ofPlan(Function<Cluster, Mono<Plan>> planner) {
    Objects.requireNonNull(planner, "planner");
    return new Operations.Simple<>(
        c -> planner.apply(c).flatMap(p -> Changes.apply(c, p)).map(l -> new AppliedChanges(l, false)),
        planner,
        c -> planner.apply(c).map(p -> p.isEmpty()
            ? Reconciliation.applied(new AppliedChanges(java.util.List.of(), true))
            : Reconciliation.<AppliedChanges>notApplied()),
        "plan");
  }

  /**
   * Runs fixed SQL (one or several {@code ;}-separated statements, simple protocol). Its plan is
   * the SQL itself. It is not reconcilable: after a lost connection the cluster fails with "effect
   * unknown"; use {@link #withReconcile} to add a catalog check. For SQL holding a secret use
   * {@link #sql(Sql)} with {@link io.pgmob.sql.Literal#secret}, so plans and errors redact it.
   *
   * @param sql the statements, sent as written
   * @return the operation
   */
  static FleetOperation<Void> sql(String sql) {
    Objects.requireNonNull(sql, "sql");
    return sql(Sql.raw(sql));
  }

  /**
   * Runs composed SQL; its plan (and any error) shows it with secrets redacted.
   *
   * @param sql the statements, composed from quoting types
   * @return the operation; its identity holds the SQL as a digest only
   */
  static FleetOperation<Void> sql(Sql sql) {
    Objects.requireNonNull(sql, "sql");
    String shown = sql.redacted();
    String description = "SQL: " + (shown.length() > 80 ? shown.substring(0, 77) + "..." : shown);
    // the whole text is an input, and it may carry a password: it enters the identity as a digest
    return new Operations.Simple<Void>(c -> c.update(sql).then(),
        c -> Mono.just(Plan.of(Change.outsideTransaction("run SQL", sql))), null, description,
        OperationIdentity.of("sql").withSecretText(sql.text()));
  }

  /**
   * This operation with a dry-run planner.
   *
   * @param planner what {@link #apply} would change on a cluster
   * @return a new operation with the same work, reconciliation and identity
   */
  default FleetOperation<T> withPlan(Function<Cluster, Mono<Plan>> planner) {
    return new Operations.Simple<>(this::apply, planner, reconciles() ? this::reconcile : null, describe(), Operations.ownIdentity(this));
  }

  /**
   * This operation with a reconciler, run on a fresh session after a lost connection.
   *
   * @param reconciler tells whether a lost attempt took effect
   * @return a new operation with the same work, plan and identity
   */
  default FleetOperation<T> withReconcile(Function<Cluster, Mono<Reconciliation<T>>> reconciler) {
    FleetOperation<T> self = this;
    return new Operations.Simple<>(this::apply, self::plan, reconciler, describe(), Operations.ownIdentity(this));
  }

  /**
   * This operation with another description. Its identity keeps its inputs and takes the new
   * description only when it had no identity of its own ({@link #identifiedBy}).
   *
   * @param description a short description for journals, dry runs and messages
   * @return a new operation with the same work, plan and reconciliation
   */
  default FleetOperation<T> describedAs(String description) {
    return new Operations.Simple<>(this::apply, this::plan, reconciles() ? this::reconcile : null, description,
        Operations.ownIdentity(this));
  }
}
