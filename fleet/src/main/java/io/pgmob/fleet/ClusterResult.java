package io.pgmob.fleet;

import io.pgmob.error.PgmobException;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.managed.Plan;
import org.jspecify.annotations.Nullable;

/**
 * What happened on one cluster of a fleet run.
 *
 * @param target the cluster
 * @param outcome succeeded, failed, skipped or unchanged
 * @param value the operation's last value (null when it emitted none, failed or was skipped)
 * @param error why it failed or was skipped (null on success)
 * @param sqlState the SQLSTATE of the error, when there is one
 * @param attempts how many times the operation was tried (0 when it never ran)
 * @param timings when it ran and how long it took
 * @param plan for a dry run (and for plan-based operations): the plan, secrets redacted
 * @param <T> the operation's value type
 */
public record ClusterResult<T>(Target target, Outcome outcome, @Nullable T value, @Nullable Throwable error,
    @Nullable String sqlState, int attempts, Timings timings, @Nullable Plan plan) {

  /** {@return the error's message without the cluster prefix and statement, or null} */
  public @Nullable String message() {
    if (error == null) {
      return null;
    }
    if (error instanceof PgmobException p) {
      return p.reason();
    }
    return error.getClass().getSimpleName() + (error.getMessage() != null ? ": " + error.getMessage() : "");
  }

  /** {@return the target's name} */
  public String name() {
    return target.name();
  }

  /** {@return whether the outcome is succeeded or unchanged} */
  public boolean isSuccess() {
    return outcome.isSuccess();
  }

  /** One line: name, outcome, attempts, time, and the message or SQLSTATE. */
  @Override
  public String toString() {
    return target.name() + " " + outcome + " attempts=" + attempts + " elapsed=" + timings.elapsed().toMillis() + "ms"
        + (error != null ? " error=" + message() + (sqlState != null ? " (" + sqlState + ")" : "") : "")
        + (value != null ? " value=" + value : "");
  }
}
