/** Databases: {@link io.pgmob.database.Databases} (from {@code cluster.databases()}), {@link io.pgmob.database.Database} snapshots, their alterations and specs. */
@NullMarked
package io.pgmob.database;

import org.jspecify.annotations.NullMarked;
