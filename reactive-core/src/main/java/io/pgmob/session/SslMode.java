package io.pgmob.session;

/** TLS use on the connection, with libpq's meanings. */
public enum SslMode {
  /** Never TLS. */
  DISABLE,
  /** Plain first, TLS if the server insists. */
  ALLOW,
  /** TLS if the server offers it, plain otherwise. The default. */
  PREFER,
  /** TLS, without checking the certificate. */
  REQUIRE,
  /** TLS, certificate signed by a trusted CA. */
  VERIFY_CA,
  /** TLS, trusted certificate whose name matches the host. */
  VERIFY_FULL
}
