/**
 * The administrative operations the command-line tool and the HTTP control plane roll out
 * (SQL, password rotation, roles, grants, pg_hba.conf rules, backups), each with a dry-run plan
 * and an unchanged outcome when there was nothing to do, and the JSON shapes both write ({@link
 * io.pgmob.fleet.ops.FleetJson}). What the two front ends share lives here, so that neither
 * depends on the other.
 */
@NullMarked
package io.pgmob.fleet.ops;

import org.jspecify.annotations.NullMarked;
