/**
 * Runnable examples of pgmob: {@link io.pgmob.examples.Demo} (the README's first command), the
 * original PGMob README's examples in {@link io.pgmob.examples.basics}, fleet examples in {@link
 * io.pgmob.examples.fleet}. Each example has a {@code run} method that does the work against given
 * clusters and returns a result, and a {@code main} that starts throw-away clusters ({@link
 * io.pgmob.examples.LocalClusters}) and prints it. The test suite runs every one of them.
 */
@org.jspecify.annotations.NullMarked
package io.pgmob.examples;
