/**
 * Backups and restores with {@code pg_dump} / {@code pg_restore} run on the server host through
 * the OS command path ({@code COPY ... FROM PROGRAM}), as PGMob does: no SSH.
 *
 * <pre>{@code
 * BackupOptions opts = BackupOptions.builder().schemas("app").noOwner(true).build();
 * cluster.backups().toFile().basePath("/backups").options(opts).backup("appdb", "appdb.dump");
 * cluster.backups().fromFile().basePath("/backups").restore("appdb_copy", "appdb.dump");
 * cluster.backups().toObjectStore(ObjectStore.awsS3()).backup("appdb", "s3://bucket/appdb.dump");
 * }</pre>
 *
 * <p>Options render to single arguments ({@code --schema=name}), each quoted once; conflicting
 * options are refused when the options are built, before anything runs. The tools connect
 * through the server's Unix socket directory by default (local authentication, no secret on any
 * command line), as the login role of the session.
 */
@NullMarked
package io.pgmob.backup;

import org.jspecify.annotations.NullMarked;
