package io.pgmob.fleet.rollout;

import reactor.core.publisher.Mono;

/**
 * Decides, between two waves, whether a rollout goes on. It gets the summary of the wave that
 * just finished and answers true (go on) or false (halt); until the Mono completes the rollout
 * waits (an operator clicking "approve" in the control plane, a check of dashboards ...).
 */
@FunctionalInterface
public interface ApprovalGate {

  /** Whether wave {@code next} may start after {@code finished}. */
  Mono<Boolean> approve(RolloutEvent.WaveFinished finished, int next);

  /** Always approves. */
  static ApprovalGate always() {
    return (f, n) -> Mono.just(true);
  }
}
