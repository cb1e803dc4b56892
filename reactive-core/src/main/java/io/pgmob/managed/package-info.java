/**
 * The managed floor: the mechanism every managed object kind is built on, over a {@link
 * io.pgmob.session.SqlSession}.
 *
 * <ul>
 *   <li>A managed object is an immutable snapshot of server state, safe to share across threads;
 *       {@link io.pgmob.managed.CatalogObject}, {@link io.pgmob.managed.NamedObject} and {@link
 *       io.pgmob.managed.SchemaObject} are the snapshot bases, {@link
 *       io.pgmob.managed.OwnedObject} what owner reassignment batches.
 *   <li>A change is data: a {@link io.pgmob.managed.Change} holds the SQL it would run (secrets
 *       redacted when printed), so a {@link io.pgmob.managed.Plan} can be shown before anything
 *       runs. That is what a dry run and a fleet-wide plan print.
 *   <li>{@link io.pgmob.managed.Changes#apply} runs a plan: transactional changes in one
 *       transaction, under a server-wide advisory lock that serializes pgmob's catalog changes
 *       (so two concurrent {@code ensure} calls never fail with "tuple concurrently updated").
 *   <li>{@link io.pgmob.managed.ObjectCollection} is the lazy, cached collection behind {@code
 *       cluster.roles()} and its siblings; {@link io.pgmob.managed.CatalogQueries} loads catalog
 *       queries from SQL resource files with per-version variants.
 * </ul>
 */
@NullMarked
package io.pgmob.managed;

import org.jspecify.annotations.NullMarked;
