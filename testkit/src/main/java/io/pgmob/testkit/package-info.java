/**
 * Real PostgreSQL for tests and demos.
 *
 * <p>{@link io.pgmob.testkit.PgServers} starts servers from the first provider that can: servers
 * named by the {@code PGMOB_TEST_SERVERS} environment variable, Testcontainers when a Docker engine
 * answers, and embedded servers ({@code initdb} + {@code pg_ctl}) from binaries Maven fetched. The
 * JUnit 5 extension {@link io.pgmob.testkit.PgTest} hands them to tests; {@link
 * io.pgmob.testkit.TcpProxy} puts latency and connection cuts between a test and a server.
 */
@NullMarked
package io.pgmob.testkit;

import org.jspecify.annotations.NullMarked;
