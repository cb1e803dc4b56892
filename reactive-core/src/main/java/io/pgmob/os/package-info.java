/**
 * Running OS commands on the server host over the PostgreSQL protocol alone, through {@code COPY
 * ... FROM PROGRAM}: no SSH.
 *
 * <p>A command is a {@link io.pgmob.os.CommandLine}: argument lists (each word quoted for exactly
 * one POSIX shell layer by {@link io.pgmob.os.ShellQuote}) joined by pipes, {@code &&} and
 * redirections. It is embedded once, as a SQL string literal, in one top-level {@code COPY}
 * statement; whatever a word contains (spaces, quotes, {@code $(...)}, backticks, {@code ;},
 * newlines, a leading {@code -}) it reaches the program as exactly one argument.
 *
 * <p>Needs a superuser or a member of {@code pg_execute_server_program}; commands run as the OS
 * user of the server (usually {@code postgres}). The session must be able to create a temporary
 * table (so not on a hot standby).
 */
@NullMarked
package io.pgmob.os;

import org.jspecify.annotations.NullMarked;
