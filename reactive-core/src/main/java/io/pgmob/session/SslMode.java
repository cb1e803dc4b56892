package io.pgmob.session;

import io.pgmob.error.InvalidInputException;
import java.util.Locale;

/** TLS use on the connection, with libpq's meanings. */
public enum SslMode {
  /** Never TLS. */
  DISABLE,
  /** Plain first, TLS if the server insists. */
  ALLOW,
  /** TLS if the server offers it, plain otherwise. The default of a {@link ConnectionSpec}. */
  PREFER,
  /**
   * TLS, without checking the certificate; with a CA bundle ({@link ConnectionSpec#sslRootCert()})
   * the chain is checked as for {@link #VERIFY_CA}, as libpq does.
   */
  REQUIRE,
  /** TLS, certificate signed by a trusted CA. */
  VERIFY_CA,
  /** TLS, trusted certificate whose name matches the host. */
  VERIFY_FULL;

  /**
   * Reads libpq's spelling ({@code verify-full}, case-insensitive; {@code verify_full} too).
   *
   * @throws InvalidInputException naming the value and the accepted ones
   */
  public static SslMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("sslmode '" + value
          + "' is not one of disable, allow, prefer, require, verify-ca, verify-full");
    }
  }

  /** libpq's spelling, for example {@code verify-full}. */
  public String libpqName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether a connection in this mode is always encrypted (it fails rather than go plain). */
  public boolean alwaysEncrypted() {
    return this == REQUIRE || this == VERIFY_CA || this == VERIFY_FULL;
  }
}
