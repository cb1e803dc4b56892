/** Large objects of the current database, read and written as reactive byte streams in chunks: {@link io.pgmob.largeobject.LargeObjects} (from {@code cluster.largeObjects()}). */
@NullMarked
package io.pgmob.largeobject;

import org.jspecify.annotations.NullMarked;
