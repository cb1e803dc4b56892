/**
 * One exception hierarchy under {@link io.pgmob.error.PgmobException}: each carries the cluster it
 * happened on, the statement (secrets redacted) and, for server errors, the SQLSTATE. {@link
 * io.pgmob.error.SqlStates} classifies SQLSTATEs (transient or not) in one place.
 */
@NullMarked
package io.pgmob.error;

import org.jspecify.annotations.NullMarked;
