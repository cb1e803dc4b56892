/** What the managed object kinds share: {@link io.pgmob.managed.EnsureResult}, {@link io.pgmob.objects.OwnedObject}, and cluster-wide helpers (owner reassignment, running an operation in every database). */
@NullMarked
package io.pgmob.objects;

import org.jspecify.annotations.NullMarked;
