/** Implementation details of the testkit; nothing here is API. */
@NullMarked
package io.pgmob.testkit.internal;

import org.jspecify.annotations.NullMarked;
