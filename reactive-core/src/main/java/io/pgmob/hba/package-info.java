/**
 * {@code pg_hba.conf} over SQL: read it byte-exact, edit rules as data, write it back safely.
 *
 * <pre>{@code
 * cluster.hbaRules().read()
 *     .map(file -> file.insert(0, HbaRule.parse("host app app_ro 10.0.0.0/8 reject")))
 *     .flatMap(HbaFile::alter)      // checks, backs up, writes, validates, reloads
 * }</pre>
 *
 * <p>{@link io.pgmob.hba.HbaFile#alter()} refuses to overwrite a file that changed since it was
 * read, keeps the previous version as {@code <hba_file>.pgmob.bak}, writes through a temporary
 * file renamed into place, asks the server for its verdict ({@code pg_hba_file_rules}, which
 * parses the file on disk) and restores the previous bytes when any line is rejected, before
 * anything is reloaded. {@code pg_reload_conf()} alone proves nothing: it returns true even when
 * the server keeps its old rules.
 *
 * <p>Needs a superuser (reading the file and {@code pg_hba_file_rules}, and OS commands for the
 * write).
 */
@NullMarked
package io.pgmob.hba;

import org.jspecify.annotations.NullMarked;
