package io.pgmob.password;

/** The outcome of comparing a desired password with what the server stores. */
public enum PasswordMatch {
  /** The stored verifier was made from the desired password: nothing to change. */
  MATCHES,
  /** The stored value differs (or there is none). */
  DIFFERS,
  /** The stored value could not be read (reading {@code pg_authid} needs superuser) or compared. */
  UNKNOWN
}
