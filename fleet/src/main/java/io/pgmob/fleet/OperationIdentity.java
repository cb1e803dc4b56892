package io.pgmob.fleet;

import io.pgmob.password.Password;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an operation is and what it was given: the identity a rollout journal is bound to, so that
 * a journal written by one operation is never taken for another's (rotating a password to a new
 * value must not be "done before" because the same role was rotated to an old value). Immutable.
 *
 * <p>A journal keeps the {@link #description()} in clear and a {@link #fingerprint(byte[])}
 * computed under a random salt of its own: an HMAC-SHA256 over the description and every input,
 * where each secret input enters only as a slow salted digest (PBKDF2-HMAC-SHA256, 100,000
 * iterations). Secrets are never stored, printed or kept in {@link #toString()}.
 *
 * <pre>{@code
 * OperationIdentity id = OperationIdentity.of("rotate-password", "app").withSecret(password);
 * FleetOperation<AppliedChanges> op = myOperation.identifiedBy(id);
 * }</pre>
 */
public final class OperationIdentity {

  private static final HexFormat HEX = HexFormat.of();

  private final String description;
  private final List<String> inputs;
  private final List<Function<byte[], byte[]>> secrets;

  private OperationIdentity(String description, List<String> inputs, List<Function<byte[], byte[]>> secrets) {
    this.description = description;
    this.inputs = List.copyOf(inputs);
    this.secrets = List.copyOf(secrets);
  }

  /**
   * An identity made of a description (shown in journals and messages: no secret in it) and
   * public inputs (hashed into the fingerprint, never shown).
   *
   * @param description what the operation does, for people
   * @param inputs what it was given, in order
   * @return the identity
   */
  public static OperationIdentity of(String description, String... inputs) {
    Objects.requireNonNull(description, "description");
    List<String> list = new ArrayList<>();
    for (String s : inputs) {
      list.add(Objects.requireNonNull(s, "input"));
    }
    return new OperationIdentity(description, list, List.of());
  }

  /**
   * This identity with one more public input.
   *
   * @param input one more input
   * @return a new identity; this one is unchanged
   */
  public OperationIdentity with(String input) {
    List<String> list = new ArrayList<>(inputs);
    list.add(Objects.requireNonNull(input, "input"));
    return new OperationIdentity(description, list, secrets);
  }

  /**
   * This identity with a password among its inputs (it enters the fingerprint as a salted digest only).
   *
   * @param password the password
   * @return a new identity; this one is unchanged
   */
  public OperationIdentity withSecret(Password password) {
    Objects.requireNonNull(password, "password");
    List<Function<byte[], byte[]>> list = new ArrayList<>(secrets);
    list.add(password::digest);
    return new OperationIdentity(description, inputs, list);
  }

  /**
   * This identity with secret text among its inputs (for example SQL that may carry a password):
   * it enters the fingerprint as a salted digest only.
   *
   * @param secret the secret text
   * @return a new identity; this one is unchanged
   */
  public OperationIdentity withSecretText(String secret) {
    Objects.requireNonNull(secret, "secret");
    char[] chars = secret.toCharArray();
    List<Function<byte[], byte[]>> list = new ArrayList<>(secrets);
    list.add(salt -> pbkdf2(chars, salt));
    return new OperationIdentity(description, inputs, list);
  }

  /** Whether it is a description alone (no inputs, no secrets). */
  boolean isPlain() {
    return inputs.isEmpty() && secrets.isEmpty();
  }

  /** {@return the description, safe to show (journals keep it in clear to name the operation)} */
  public String description() {
    return description;
  }

  /**
   * The fingerprint under {@code salt}: 64 hex digits. Equal identities give equal fingerprints
   * under one salt; anything that differs (the description, an input, a secret) changes it.
   *
   * @param salt random bytes kept with the fingerprint (a journal's header holds 16)
   * @return the fingerprint, 64 hex digits
   */
  public String fingerprint(byte[] salt) {
    Objects.requireNonNull(salt, "salt");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      field(mac, "pgmob-operation-identity-v1");
      field(mac, description);
      mac.update(intBytes(inputs.size()));
      for (String s : inputs) {
        field(mac, s);
      }
      mac.update(intBytes(secrets.size()));
      for (Function<byte[], byte[]> s : secrets) {
        byte[] d = s.apply(salt);
        mac.update(intBytes(d.length));
        mac.update(d);
      }
      return HEX.formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static void field(Mac mac, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    mac.update(intBytes(b.length));
    mac.update(b);
  }

  private static byte[] intBytes(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  private static byte[] pbkdf2(char[] secret, byte[] salt) {
    PBEKeySpec spec = new PBEKeySpec(secret, salt, 100_000, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** The description and how many inputs and secrets there are; never an input's value. */
  @Override
  public String toString() {
    return "OperationIdentity[" + description + ", " + inputs.size() + " input(s), " + secrets.size() + " secret(s)]";
  }
}
