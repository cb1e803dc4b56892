/** What the managed object kinds share: {@link io.pgmob.managed.EnsureResult}, {@link io.pgmob.objects.OwnedObject}, the snapshot base classes ({@link io.pgmob.objects.CatalogObject}, {@link io.pgmob.objects.NamedObject}, {@link io.pgmob.objects.SchemaObject}), and cluster-wide helpers (owner reassignment, running an operation in every database). */
@NullMarked
package io.pgmob.objects;

import org.jspecify.annotations.NullMarked;
