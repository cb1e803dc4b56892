package io.pgmob.password;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import io.pgmob.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it: {@code
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64 parts, RFC 5802/7677). It
 * lets the server check a password without knowing it, so it is what pgmob sends instead of the
 * plaintext. Computed with the com.ongres.scram library, with PostgreSQL's SASLprep rule (a
 * password SASLprep refuses is used as its raw UTF-8 bytes, as the server does).
 *
 * <pre>{@code
 * ScramVerifier v = ScramVerifier.compute("s3cret");   // 4096 iterations, random 16-byte salt
 * v.matches("s3cret");                                  // true
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} shows only the mechanism and iteration count; {@link #text()}
 * is the secret full form.
 */
public final class ScramVerifier {

  /** The prefix of every SCRAM-SHA-256 verifier. */
  public static final String PREFIX = "SCRAM-SHA-256$";

  /** PostgreSQL's default iteration count ({@code scram_iterations}). */
  public static final int DEFAULT_ITERATIONS = 4096;

  /** Salt length PostgreSQL uses, in bytes. */
  public static final int DEFAULT_SALT_BYTES = 16;

  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] storedKey;
  private final byte[] serverKey;

  private ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    this.iterations = iterations;
    this.salt = salt;
    this.storedKey = storedKey;
    this.serverKey = serverKey;
  }

  /** The verifier of {@code password} with 4096 iterations and a random 16-byte salt. */
  public static ScramVerifier compute(CharSequence password) {
    return compute(password, DEFAULT_ITERATIONS, ScramFunctions.salt(DEFAULT_SALT_BYTES, RANDOM));
  }

  /**
   * The verifier of {@code password} with the given iteration count and salt (use the stored
   * ones to check a password against a stored verifier).
   *
   * @throws InvalidInputException for an empty password, a NUL in it, fewer than 1 iteration or an empty salt
   */
  public static ScramVerifier compute(CharSequence password, int iterations, byte[] salt) {
    Objects.requireNonNull(password, "password");
    if (password.length() == 0) {
      throw new InvalidInputException("a password must not be empty (PostgreSQL treats an empty password as none)");
    }
    if (iterations < 1) {
      throw new InvalidInputException("SCRAM iteration count must be at least 1, not " + iterations);
    }
    if (salt.length == 0) {
      throw new InvalidInputException("SCRAM salt must not be empty");
    }
    char[] chars = new char[password.length()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = password.charAt(i);
      if (chars[i] == '\0') {
        Arrays.fill(chars, '\0');
        throw new InvalidInputException("a password cannot contain a NUL character");
      }
    }
    try {
      byte[] salted = ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_256,
          StringPreparation.POSTGRESQL_PREPARATION, chars, salt, iterations);
      byte[] clientKey = ScramFunctions.clientKey(ScramMechanism.SCRAM_SHA_256, salted);
      byte[] stored = ScramFunctions.storedKey(ScramMechanism.SCRAM_SHA_256, clientKey);
      byte[] server = ScramFunctions.serverKey(ScramMechanism.SCRAM_SHA_256, salted);
      Arrays.fill(salted, (byte) 0);
      Arrays.fill(clientKey, (byte) 0);
      return new ScramVerifier(iterations, salt.clone(), stored, server);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** Whether {@code text} has the shape of a SCRAM-SHA-256 verifier (without validating it). */
  public static boolean looksLikeScram(String text) {
    return text.startsWith(PREFIX);
  }

  /**
   * Parses and validates a verifier the way PostgreSQL does ({@code parse_scram_secret}): the
   * prefix, a positive iteration count, a base64 salt, and base64 StoredKey and ServerKey of
   * exactly 32 bytes each. The server would store anything else as a plaintext password, so a
   * malformed value is refused here.
   *
   * @throws InvalidInputException naming which part is wrong (never echoing the value)
   */
  public static ScramVerifier parse(String text) {
    Objects.requireNonNull(text, "verifier");
    if (!text.startsWith(PREFIX)) {
      throw new InvalidInputException("not a SCRAM-SHA-256 verifier: it must start with " + PREFIX);
    }
    String rest = text.substring(PREFIX.length());
    int dollar = rest.indexOf('$');
    if (dollar < 0) {
      throw malformed("expected <iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    String[] head = rest.substring(0, dollar).split(":", -1);
    String[] keys = rest.substring(dollar + 1).split(":", -1);
    if (head.length != 2 || keys.length != 2) {
      throw malformed("expected <iterations>:<salt>$<StoredKey>:<ServerKey>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(head[0]);
    } catch (NumberFormatException e) {
      throw malformed("the iteration count is not a number");
    }
    if (iterations < 1) {
      throw malformed("the iteration count must be positive");
    }
    byte[] salt = decode(head[1], "salt");
    if (salt.length == 0) {
      throw malformed("the salt is empty");
    }
    byte[] stored = decode(keys[0], "StoredKey");
    byte[] server = decode(keys[1], "ServerKey");
    if (stored.length != KEY_BYTES || server.length != KEY_BYTES) {
      throw malformed("StoredKey and ServerKey must be 32 bytes each");
    }
    return new ScramVerifier(iterations, salt, stored, server);
  }

  private static byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw malformed("the " + what + " is not valid base64");
    }
  }

  private static InvalidInputException malformed(String why) {
    return new InvalidInputException("malformed SCRAM-SHA-256 verifier (" + why
        + "); PostgreSQL would store it as a plaintext password, so it is refused");
  }

  /** The iteration count. */
  public int iterations() {
    return iterations;
  }

  /** A copy of the salt. */
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * Whether {@code password} is the one this verifier was made from: recomputes with this salt
   * and iteration count and compares in constant time.
   */
  public boolean matches(CharSequence password) {
    if (password.length() == 0) {
      return false;
    }
    ScramVerifier other = compute(password, iterations, salt);
    return MessageDigest.isEqual(other.storedKey, storedKey) && MessageDigest.isEqual(other.serverKey, serverKey);
  }

  /** The full verifier text: a secret, to be sent as {@code Literal.secret(...)} only. */
  public String text() {
    Base64.Encoder b = Base64.getEncoder();
    return PREFIX + iterations + ":" + b.encodeToString(salt) + "$" + b.encodeToString(storedKey) + ":"
        + b.encodeToString(serverKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScramVerifier v && v.iterations == iterations
        && MessageDigest.isEqual(v.salt, salt)
        && MessageDigest.isEqual(v.storedKey, storedKey)
        && MessageDigest.isEqual(v.serverKey, serverKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(storedKey);
  }

  /** {@code SCRAM-SHA-256$4096:***}: never the salt or keys. */
  @Override
  public String toString() {
    return PREFIX + iterations + ":***";
  }

  static byte[] utf8(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
