package io.pgmob.password;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Literal;
import io.pgmob.sql.SqlText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A password to give a role: either a plaintext, which is hashed on the client into a
 * SCRAM-SHA-256 verifier every time it is sent (so the plaintext never reaches the server, its
 * log or {@code pg_stat_activity}), or a value already hashed by the caller (a SCRAM-SHA-256
 * verifier or a legacy {@code md5} hash), validated here because the server silently stores a
 * malformed hash as if it were a plaintext password.
 *
 * <pre>{@code
 * Password p = Password.plain(System.getenv("APP_PASSWORD"));
 * Password h = Password.hashed("SCRAM-SHA-256$4096:...");   // refused if malformed
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} never shows the value.
 */
public final class Password {

  /** How the value was given. */
  public enum Kind {
    /** A plaintext, hashed to SCRAM-SHA-256 on the client. */
    PLAINTEXT,
    /** An already computed SCRAM-SHA-256 verifier. */
    SCRAM_VERIFIER,
    /** An already computed {@code md5} hash ({@code "md5" + md5(password + rolename)}). */
    MD5_HASH
  }

  private final Kind kind;
  private final String value;

  private Password(Kind kind, String value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * A plaintext password, hashed on the client before it is sent.
   *
   * @throws InvalidInputException if it is empty, or contains NUL or an unpaired surrogate
   */
  public static Password plain(CharSequence plaintext) {
    Objects.requireNonNull(plaintext, "password");
    String s = plaintext.toString();
    if (s.isEmpty()) {
      throw new InvalidInputException("a password must not be empty (PostgreSQL treats an empty password as none)");
    }
    SqlText.check(s, "a password"); // names the position only, never the text
    return new Password(Kind.PLAINTEXT, s);
  }

  /**
   * A value the caller hashed already: a SCRAM-SHA-256 verifier or an {@code md5} hash ({@code
   * md5} followed by 32 lowercase hex digits). Validated as PostgreSQL would parse it.
   *
   * @throws InvalidInputException if it is neither, or malformed (the message never echoes it)
   */
  public static Password hashed(String hash) {
    Objects.requireNonNull(hash, "hash");
    if (isMd5Hash(hash)) {
      return new Password(Kind.MD5_HASH, hash);
    }
    if (hash.startsWith("md5")) {
      throw new InvalidInputException("malformed md5 password hash (expected \"md5\" and 32 lowercase hex digits);"
          + " PostgreSQL would store it as a plaintext password, so it is refused");
    }
    if (hash.contains("SCRAM-")) {
      ScramVerifier.parse(hash); // throws, naming the part that is wrong
      return new Password(Kind.SCRAM_VERIFIER, hash);
    }
    throw new InvalidInputException("not a password hash: expected a SCRAM-SHA-256 verifier (SCRAM-SHA-256$...)"
        + " or an md5 hash (md5 and 32 hex digits); use Password.plain(...) for a plaintext");
  }

  /**
   * PostgreSQL's md5 rule ({@code get_password_type} in {@code crypt.c}): {@code md5} and exactly
   * 32 characters of {@code 0-9a-f}, nothing else.
   */
  static boolean isMd5Hash(String s) {
    if (s.length() != 35 || !s.startsWith("md5")) {
      return false;
    }
    for (int i = 3; i < 35; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** {@return how the value was given} */
  public Kind kind() {
    return kind;
  }

  /**
   * The value to send in {@code PASSWORD '...'}, as a secret literal: for a plaintext a fresh
   * SCRAM-SHA-256 verifier (4096 iterations, random salt), otherwise the hash as given.
   */
  public Literal toSecretLiteral() {
    return Literal.secret(kind == Kind.PLAINTEXT ? ScramVerifier.compute(value).text() : value);
  }

  /**
   * Compares with what {@code pg_authid.rolpassword} holds for {@code roleName}.
   *
   * <ul>
   *   <li>plaintext vs a SCRAM verifier: recomputed with the stored salt and iterations;
   *   <li>plaintext vs an md5 hash: {@code md5(password || rolename)};
   *   <li>a hash vs the stored value: equal text (a SCRAM verifier with another salt made from the
   *       same password cannot be recognized: {@link PasswordMatch#DIFFERS});
   *   <li>nothing stored: {@link PasswordMatch#DIFFERS}.
   * </ul>
   */
  public PasswordMatch compareWithStored(@Nullable String stored, String roleName) {
    if (stored == null || stored.isEmpty()) {
      return PasswordMatch.DIFFERS;
    }
    if (kind != Kind.PLAINTEXT) {
      return MessageDigest.isEqual(ScramVerifier.utf8(stored), ScramVerifier.utf8(value))
          ? PasswordMatch.MATCHES : PasswordMatch.DIFFERS;
    }
    ScramVerifier v;
    try {
      v = ScramVerifier.parse(stored);
    } catch (InvalidInputException e) {
      v = null;
    }
    if (v != null) {
      return v.matches(value) ? PasswordMatch.MATCHES : PasswordMatch.DIFFERS;
    }
    if (ScramVerifier.looksLikeScram(stored)) {
      return PasswordMatch.UNKNOWN;
    }
    if (isMd5Hash(stored)) {
      return MessageDigest.isEqual(ScramVerifier.utf8(md5(value, roleName)), ScramVerifier.utf8(stored))
          ? PasswordMatch.MATCHES : PasswordMatch.DIFFERS;
    }
    // a plaintext stored by an old server (never by pgmob): compare it
    return MessageDigest.isEqual(ScramVerifier.utf8(stored), ScramVerifier.utf8(value))
        ? PasswordMatch.MATCHES : PasswordMatch.DIFFERS;
  }

  /** {@code "md5" + md5(password + roleName)}, PostgreSQL's legacy hash. */
  static String md5(String password, String roleName) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] d = md.digest((password + roleName).getBytes(StandardCharsets.UTF_8));
      return "md5" + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A salted, slow digest of this password (PBKDF2-HMAC-SHA256 over its kind and value, 100,000
   * iterations, 256 bits), for telling whether two passwords are the same without keeping either:
   * a journal stores the digest and its salt, never the password. Equal passwords give equal
   * digests under one salt; the digest does not reveal the password faster than guessing it.
   *
   * @param salt at least 16 random bytes, stored beside the digest
   * @return 32 bytes
   */
  public byte[] digest(byte[] salt) {
    Objects.requireNonNull(salt, "salt");
    if (salt.length < 16) {
      throw new InvalidInputException("a password digest needs a salt of at least 16 bytes, got " + salt.length);
    }
    char[] chars = (kind.name() + ':' + value).toCharArray();
    try {
      javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(chars, salt, 100_000, 256);
      try {
        return f.generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
  }

  /** Equal kind and value (constant-time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Password p && p.kind == kind
        && MessageDigest.isEqual(ScramVerifier.utf8(p.value), ScramVerifier.utf8(value));
  }

  @Override
  public int hashCode() {
    return kind.hashCode();
  }

  /** {@code Password[PLAINTEXT, ***]}: never the value. */
  @Override
  public String toString() {
    return "Password[" + kind + ", ***]";
  }
}
