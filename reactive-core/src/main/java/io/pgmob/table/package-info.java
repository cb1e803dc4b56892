/** Tables of the current database: {@link io.pgmob.table.Tables} (from {@code cluster.tables()}) and {@link io.pgmob.table.Table} snapshots, with a DDL script. */
@NullMarked
package io.pgmob.table;

import org.jspecify.annotations.NullMarked;
