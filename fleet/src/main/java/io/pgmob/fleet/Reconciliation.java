package io.pgmob.fleet;

import org.jspecify.annotations.Nullable;

/**
 * What an operation found when it re-read a cluster's catalog after the connection broke while
 * it was in flight (so whether it took effect was unknown).
 *
 * @param state applied, not applied or still unknown
 * @param value for {@link State#APPLIED}: the value to report
 * @param <T> the operation's value type
 */
public record Reconciliation<T>(State state, @Nullable T value) {

  /** Whether the lost attempt took effect. */
  public enum State {
    /** It did: report success with {@link #value()}, do not run it again. */
    APPLIED,
    /** It did not (or running it again is harmless): retry. */
    NOT_APPLIED,
    /** Cannot tell: fail with "effect unknown" rather than risk applying it twice. */
    UNKNOWN
  }

  /**
   * The lost attempt took effect; report {@code value}.
   *
   * @param <T> the operation's value
   * @param value the value to report for the cluster
   * @return the reconciliation
   */
  public static <T> Reconciliation<T> applied(@Nullable T value) {
    return new Reconciliation<>(State.APPLIED, value);
  }

  /**
   * The lost attempt did not take effect (or repeating it is harmless): run it again.
   *
   * @param <T> the operation's value
   * @return the reconciliation
   */
  public static <T> Reconciliation<T> notApplied() {
    return new Reconciliation<>(State.NOT_APPLIED, null);
  }

  /**
   * Cannot tell.
   *
   * @param <T> the operation's value
   * @return the reconciliation; the cluster fails "effect unknown"
   */
  public static <T> Reconciliation<T> unknown() {
    return new Reconciliation<>(State.UNKNOWN, null);
  }
}
