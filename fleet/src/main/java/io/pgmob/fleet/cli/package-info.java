/**
 * The {@code pgmob} command-line tool: {@code pgmob fleet query|rollout|rotate-password|ensure-role|grant|hba|backup|serve}
 * over an inventory file, with live progress on a terminal, a summary table and exit codes that
 * tell success (0), partial failure (1), a halted rollout (2) and usage errors (64) apart. Entry
 * point: {@link io.pgmob.fleet.cli.Main}; {@link io.pgmob.fleet.cli.PgmobCommand#commandLine} for
 * running it in-process.
 */
@NullMarked
package io.pgmob.fleet.cli;

import org.jspecify.annotations.NullMarked;
