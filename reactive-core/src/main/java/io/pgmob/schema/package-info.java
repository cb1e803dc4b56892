/** Schemas of the current database: {@link io.pgmob.schema.Schemas} (from {@code cluster.schemas()}) and {@link io.pgmob.schema.Schema} snapshots. */
@NullMarked
package io.pgmob.schema;

import org.jspecify.annotations.NullMarked;
