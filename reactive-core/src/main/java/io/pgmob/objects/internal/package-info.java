/** Implementation helpers of the managed object kinds; not API. */
@NullMarked
package io.pgmob.objects.internal;

import org.jspecify.annotations.NullMarked;
