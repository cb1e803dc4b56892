package io.pgmob.fleet;

/**
 * Implemented by operation results that know whether they changed anything (an {@code
 * EnsureResult}, a list of applied changes). A fleet run reports a cluster whose value is
 * {@code Changed} with {@code changed() == false} as {@link Outcome#UNCHANGED}.
 */
public interface Changed {

  /** Whether the operation changed anything on the cluster. */
  boolean changed();
}
