/** Implementation of the fleet engine; not API. */
@NullMarked
package io.pgmob.fleet.internal;

import org.jspecify.annotations.NullMarked;
