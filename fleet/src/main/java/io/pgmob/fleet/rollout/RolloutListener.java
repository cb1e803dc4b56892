package io.pgmob.fleet.rollout;

/**
 * Follows a rollout: called with each {@link RolloutEvent} in order, before the event is emitted
 * downstream. Must be quick and must not block.
 */
@FunctionalInterface
public interface RolloutListener {

  void onEvent(RolloutEvent event);

  /** {@return A listener that does nothing} */
  static RolloutListener none() {
    return e -> { };
  }
}
