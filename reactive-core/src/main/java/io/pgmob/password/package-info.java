/**
 * Passwords that never travel in plain text: {@link io.pgmob.password.Password} hashes a
 * plaintext on the client into a SCRAM-SHA-256 verifier ({@link io.pgmob.password.ScramVerifier},
 * RFC 5802/7677, the format PostgreSQL stores in {@code pg_authid.rolpassword}) and only the
 * verifier is ever sent. Values given as already hashed are validated on the client, because the
 * server silently takes a malformed verifier for a plaintext password. Neither type shows a
 * secret in {@code toString()}.
 */
@NullMarked
package io.pgmob.password;

import org.jspecify.annotations.NullMarked;
