/** Implementation details; no public signature outside this package exposes these types. */
@NullMarked
package io.pgmob.internal;

import org.jspecify.annotations.NullMarked;
