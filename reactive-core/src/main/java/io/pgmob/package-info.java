/**
 * PostgreSQL Managed Objects, reactive. Start at {@link io.pgmob.Cluster#connect(io.pgmob.session.ConnectionSpec)}.
 *
 * <p>Every call that talks to the server returns a {@code Mono} or {@code Flux} and does nothing
 * until subscribed; nothing blocks a thread.
 */
@NullMarked
package io.pgmob;

import org.jspecify.annotations.NullMarked;
