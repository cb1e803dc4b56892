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

  /**
   * The largest iteration count pgmob derives a key with or accepts in a verifier: 1,000,000
   * (about a second of CPU; 244 times PostgreSQL's default and above OWASP's 600,000 for
   * PBKDF2-HMAC-SHA256). PostgreSQL itself accepts up to 2^31-1 ({@code scram_iterations}), so a
   * verifier could otherwise make every comparison with it spin a core for hours.
   */
  public static final int MAX_ITERATIONS = 1_000_000;

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
   * @throws InvalidInputException for an empty password, a NUL in it, fewer than 1 iteration or
   *     more than {@link #MAX_ITERATIONS}, or an empty salt
   */
  public static ScramVerifier compute(CharSequence password, int iterations, byte[] salt) {
    Objects.requireNonNull(password, "password");
    if (password.length() == 0) {
      throw new InvalidInputException("a password must not be empty (PostgreSQL treats an empty password as none)");
    }
    if (iterations < 1) {
      throw new InvalidInputException("SCRAM iteration count must be at least 1, not " + iterations);
    }
    if (iterations > MAX_ITERATIONS) {
      throw new InvalidInputException(tooMany(iterations));
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
   * Parses and validates a verifier as every supported PostgreSQL version (13 to 18) does ({@code
   * parse_scram_secret} in {@code auth-scram.c}, {@code pg_b64_decode} in {@code base64.c}), so
   * that a value accepted here is kept by the server as a verifier rather than hashed as a
   * plaintext password:
   *
   * <ul>
   *   <li>{@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, every field
   *       non-empty and cut at the first delimiter (PostgreSQL 13-17 cut with {@code strtok},
   *       which also skips delimiters in front of a field; 18 cuts with {@code strsep}, which
   *       allows empty fields: only what both accept is accepted);
   *   <li>the mechanism is exactly {@code SCRAM-SHA-256};
   *   <li>the iteration count is read by {@code strtol}: optional ASCII blanks, a sign, ASCII
   *       digits only, nothing after, within a 64-bit {@code long} (kept, as the server keeps it,
   *       truncated to 32 bits);
   *   <li>salt, StoredKey and ServerKey are base64 by the server's decoder: standard alphabet,
   *       no blank anywhere, {@code =} only after 2 or 3 characters of a group, whole groups of 4;
   *       StoredKey and ServerKey decode to exactly 32 bytes.
   * </ul>
   *
   *
   * <p>One rule is pgmob's own: an iteration count above {@link #MAX_ITERATIONS} is refused,
   * although the server would keep it, since checking a password against such a verifier would
   * spin a core for minutes or hours.
   *
   * @throws InvalidInputException naming which part is wrong (never echoing the value)
   */
  public static ScramVerifier parse(String text) {
    Objects.requireNonNull(text, "verifier");
    String[] f = fields(text, false);
    if (f == null || Arrays.stream(f).anyMatch(String::isEmpty)) {
      throw malformed("expected SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, no part empty");
    }
    ScramVerifier v = check(f);
    if (v.iterations > MAX_ITERATIONS) {
      throw new InvalidInputException("malformed SCRAM-SHA-256 verifier: " + tooMany(v.iterations));
    }
    return v;
  }

  private static String tooMany(long iterations) {
    return "the iteration count " + iterations + " is above pgmob's limit of " + MAX_ITERATIONS
        + " (PostgreSQL's default is " + DEFAULT_ITERATIONS + "); deriving such a key would take minutes of CPU";
  }

  /**
   * Whether PostgreSQL of major version {@code major} keeps {@code text} as a SCRAM verifier:
   * its exact rule, version quirks included (a model of the server, for tests and diagnostics).
   */
  static boolean serverParses(String text, int major) {
    String[] f = fields(text, major < 18);
    if (f == null) {
      return false;
    }
    try {
      check(f);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static ScramVerifier check(String[] f) {
    if (!f[0].equals("SCRAM-SHA-256")) {
      throw malformed("the mechanism is not SCRAM-SHA-256");
    }
    Long count = strtol(f[1]);
    if (count == null) {
      throw malformed("the iteration count is not a decimal number of ASCII digits");
    }
    byte[] saltBytes = pgBase64Decode(f[2]);
    if (saltBytes == null) {
      throw malformed("the salt is not valid base64");
    }
    byte[] storedBytes = pgBase64Decode(f[3]);
    if (storedBytes == null || storedBytes.length != KEY_BYTES) {
      throw malformed(storedBytes == null ? "the StoredKey is not valid base64" : "the StoredKey is not 32 bytes");
    }
    byte[] serverBytes = pgBase64Decode(f[4]);
    if (serverBytes == null || serverBytes.length != KEY_BYTES) {
      throw malformed(serverBytes == null ? "the ServerKey is not valid base64" : "the ServerKey is not 32 bytes");
    }
    return new ScramVerifier((int) count.longValue(), saltBytes, storedBytes, serverBytes);
  }

  /**
   * The five fields as the server cuts them: C's {@code strtok} ({@code skip}: delimiters in front
   * of a field are skipped, no field is empty) or {@code strsep} (empty fields allowed); null when
   * the text runs out first, or holds a NUL (which cannot reach the server).
   */
  private static String @org.jspecify.annotations.Nullable [] fields(String text, boolean skip) {
    if (text.indexOf('\0') >= 0) {
      return null;
    }
    String[] delimiters = {"$", ":", "$", ":", ""};
    String[] out = new String[5];
    int pos = 0;
    for (int i = 0; i < 5; i++) {
      String d = delimiters[i];
      if (skip) {
        while (pos < text.length() && d.indexOf(text.charAt(pos)) >= 0) {
          pos++;
        }
        if (pos >= text.length()) {
          return null;
        }
      } else if (pos > text.length()) {
        return null; // strsep: the previous field ended the string
      }
      int start = pos;
      while (pos < text.length() && d.indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      out[i] = text.substring(start, pos);
      pos++; // past the delimiter, or past the end (no more fields)
    }
    return out;
  }

  /**
   * C's {@code strtol(s, &end, 10)} with the server's checks ({@code *end == '\0'}, no {@code
   * ERANGE}) in the C locale: null where the server refuses.
   */
  static @org.jspecify.annotations.Nullable Long strtol(String s) {
    int i = 0;
    while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int digits = i;
    long value = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null; // includes non-ASCII digits, which Java's parseInt would take
      }
      int d = c - '0';
      // accumulate negatively so that Long.MIN_VALUE fits
      if (value < (Long.MIN_VALUE + d) / 10) {
        return null; // ERANGE
      }
      value = value * 10 - d;
    }
    if (i == digits) {
      // no digits: strtol leaves the end at the start, which passes the check only for ""
      return s.isEmpty() ? 0L : null;
    }
    if (!negative && value == Long.MIN_VALUE) {
      return null;
    }
    return negative ? value : -value;
  }

  private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** PostgreSQL's {@code pg_b64_decode}: the bytes, or null where it returns -1. */
  static byte @org.jspecify.annotations.Nullable [] pgBase64Decode(String src) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int buf = 0;
    int pos = 0;
    int end = 0;
    for (int i = 0; i < src.length(); i++) {
      char c = src.charAt(i);
      int b;
      if (c == '=') {
        if (end == 0) {
          if (pos == 2) {
            end = 1;
          } else if (pos == 3) {
            end = 2;
          } else {
            return null; // "=" where a group cannot end
          }
        }
        b = 0;
      } else {
        b = c < 127 ? B64.indexOf(c) : -1; // blanks and every other character are refused
        if (b < 0) {
          return null;
        }
      }
      buf = (buf << 6) + b;
      pos++;
      if (pos == 4) {
        out.write((buf >> 16) & 255);
        if (end == 0 || end > 1) {
          out.write((buf >> 8) & 255);
        }
        if (end == 0 || end > 2) {
          out.write(buf & 255);
        }
        buf = 0;
        pos = 0;
      }
    }
    return pos != 0 ? null : out.toByteArray();
  }

  private static InvalidInputException malformed(String why) {
    return new InvalidInputException("malformed SCRAM-SHA-256 verifier (" + why
        + "); PostgreSQL would store it as a plaintext password, so it is refused");
  }

  /** {@return the iteration count} */
  public int iterations() {
    return iterations;
  }

  /** {@return A copy of the salt} */
  public byte[] salt() {
    return salt.clone();
  }

  /**
   * Whether {@code password} is the one this verifier was made from: recomputes with this salt
   * and iteration count and compares in constant time.
   */
  public boolean matches(CharSequence password) {
    if (password.length() == 0 || salt.length == 0) {
      return false;
    }
    // the server's key derivation runs at least one round whatever the stored count says
    ScramVerifier other = compute(password, Math.max(1, iterations), salt);
    return MessageDigest.isEqual(other.storedKey, storedKey) && MessageDigest.isEqual(other.serverKey, serverKey);
  }

  /** {@return the full verifier text: a secret, to be sent as {@code Literal.secret(...)} only} */
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
