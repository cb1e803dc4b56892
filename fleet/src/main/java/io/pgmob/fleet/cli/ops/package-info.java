/**
 * The administrative operations the command-line tool and the HTTP control plane roll out
 * (SQL, password rotation, roles, grants, pg_hba.conf rules, backups), each with a dry-run plan
 * and an unchanged outcome when there was nothing to do.
 */
@NullMarked
package io.pgmob.fleet.cli.ops;

import org.jspecify.annotations.NullMarked;
