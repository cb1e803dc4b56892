/** Functions, procedures, aggregates and window functions of the current database, one object per overload: {@link io.pgmob.routine.Routines} (from {@code cluster.routines()}). */
@NullMarked
package io.pgmob.routine;

import org.jspecify.annotations.NullMarked;
