/**
 * SQL composition that quotes exactly as PostgreSQL expects: {@link io.pgmob.sql.Sql}, {@link
 * io.pgmob.sql.Identifier}, {@link io.pgmob.sql.QualifiedName}, {@link io.pgmob.sql.Literal}.
 * Utility statements such as {@code ALTER ROLE ... PASSWORD} take no bind parameters, so every
 * value that ends up in SQL text goes through one of these types. Secret literals render
 * redacted in {@code toString()}, plans and errors.
 */
@NullMarked
package io.pgmob.sql;

import org.jspecify.annotations.NullMarked;
