/** Sequences of the current database: {@link io.pgmob.sequence.Sequences} (from {@code cluster.sequences()}), with {@code nextval}/{@code currval}/{@code setval}. */
@NullMarked
package io.pgmob.sequence;

import org.jspecify.annotations.NullMarked;
