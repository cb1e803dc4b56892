/**
 * The session floor: how to reach a server ({@link io.pgmob.session.ConnectionSpec}, {@link
 * io.pgmob.session.SslMode}), one session to it ({@link io.pgmob.session.SqlSession}: facts,
 * statements, transactions, cancel, close, per-session state), and what it returns ({@link
 * io.pgmob.session.Row}, {@link io.pgmob.session.PgVersion}). Uses only the ground floor
 * ({@code error}, {@code sql}).
 */
@NullMarked
package io.pgmob.session;

import org.jspecify.annotations.NullMarked;
