/**
 * The fleet benchmark: pgmob's fleet engine against a sequential JDBC loop, JDBC thread pools and a
 * raw R2DBC fan-out, on the same real clusters behind a latency-injecting proxy that runs in its own
 * process. Entry point: {@link io.pgmob.examples.bench.FleetBenchmark}.
 */
@NullMarked
package io.pgmob.examples.bench;

import org.jspecify.annotations.NullMarked;
