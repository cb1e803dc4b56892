package io.pgmob.managed;

/**
 * Implemented by operation results that know whether they changed anything: {@link
 * EnsureResult}, a fleet's applied changes, a plan. A fleet run reports a cluster whose value is
 * {@code Changed} with {@code changed() == false} as unchanged.
 */
public interface Changed {

  /** {@return whether the operation changed anything on the server} */
  boolean changed();
}
