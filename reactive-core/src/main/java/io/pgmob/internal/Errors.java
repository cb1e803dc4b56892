package io.pgmob.internal;

import io.pgmob.error.ConnectTimeoutException;
import io.pgmob.error.ConnectionLostException;
import io.pgmob.error.ConnectionRefusedException;
import io.pgmob.error.ExceptionFactory;
import io.pgmob.error.NotPostgresException;
import io.pgmob.error.PgmobException;
import io.pgmob.error.SqlStates;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Turns driver and network failures into pgmob exceptions: recognises what the driver and the
 * network raised, and leaves the SQLSTATE to {@link ExceptionFactory}. The driver's exception is
 * never passed on as a cause, since it keeps the statement's SQL text (secrets included): the
 * cause is a {@link DriverFailure} carrying its class, SQLSTATE and redacted message only.
 */
final class Errors {

  private Errors() {}

  /** Translates a failure while connecting to {@code cluster}. */
  static PgmobException connect(Throwable t, String cluster, String address) {
    if (t instanceof PgmobException p) {
      return p;
    }
    PgmobException tls = tls(t, cluster, address);
    if (tls != null) {
      return tls;
    }
    Throwable root = t;
    for (Throwable c = t; c != null; c = c.getCause()) {
      // netty's ConnectTimeoutException is a ConnectException: test it first
      if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException) {
        return new ConnectTimeoutException("no answer from " + address + " within the connect timeout", cluster,
            DriverFailure.of(t, List.of()));
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new ConnectionRefusedException("connection refused at " + address
            + " (is the server running and listening there?)", cluster, DriverFailure.of(t, List.of()));
      }
      if (c instanceof UnknownHostException) {
        return new ConnectionRefusedException("unknown host in " + address, cluster, DriverFailure.of(t, List.of()));
      }
      root = c;
    }
    ServerError details = details(t);
    if (details != null && !isClientSide(t)) {
      return ExceptionFactory.connectError(details.code(), String.valueOf(Redaction.redact(details.message())),
          Redaction.redact(details.detail()), details.hint(), cluster, address,
          DriverFailure.of(t, List.of()));
    }
    if (isConnectionClosed(t)) {
      return new NotPostgresException("the peer at " + address + " closed the connection during the handshake"
          + " without a PostgreSQL error: it does not seem to speak the PostgreSQL protocol", cluster,
          DriverFailure.of(t, List.of()));
    }
    String msg = String.valueOf(root.getMessage());
    if (root instanceof ClosedChannelException || msg.contains("closed") || msg.contains("Unexpected")
        || msg.contains("SSL") || msg.contains("decode") || root instanceof IllegalArgumentException
        || root instanceof IndexOutOfBoundsException || root instanceof IllegalStateException) {
      return new NotPostgresException("the server at " + address
          + " did not answer with the PostgreSQL protocol (" + root.getClass().getSimpleName() + ": "
          + Redaction.redact(root.getMessage()) + ")", cluster, DriverFailure.of(t, List.of()));
    }
    return new io.pgmob.error.ConnectionException("cannot connect to " + address + ": "
        + root.getClass().getSimpleName() + ": " + Redaction.redact(root.getMessage()), cluster, null,
        DriverFailure.of(t, List.of()));
  }

  /**
   * A TLS failure in the chain, told the way an operator fixes it: no TLS at the server, an
   * untrusted certificate, a certificate for another host; null when the failure is not TLS.
   */
  private static @Nullable PgmobException tls(Throwable t, String cluster, String address) {
    boolean ssl = false;
    for (Throwable c = t; c != null; c = c.getCause()) {
      String name = c.getClass().getName();
      String msg = String.valueOf(c.getMessage());
      if (msg.contains("Server support for SSL connection is disabled")
          || msg.contains("does not handle SSL") || msg.contains("does not support SSL")) {
        return new io.pgmob.error.TlsException("the server at " + address + " does not offer TLS, and the"
            + " connection's sslmode requires it (use sslmode prefer or disable only on a trusted network)",
            cluster, DriverFailure.of(t, List.of()));
      }
      if (c instanceof javax.net.ssl.SSLPeerUnverifiedException || msg.contains("could not be verified")
          || msg.contains("No subject alternative") || msg.contains("No name matching")
          || msg.contains("doesn't match any of the subject alternative names")) {
        return new io.pgmob.error.TlsException("the server certificate at " + address + " does not name the host"
            + " connected to (sslmode verify-full checks the host name against the certificate's subject"
            + " alternative names)", cluster, DriverFailure.of(t, List.of()));
      }
      if (c instanceof java.security.cert.CertPathValidatorException
          || name.endsWith("CertPathBuilderException")
          || msg.contains("unable to find valid certification path") || msg.contains("PKIX path")) {
        return new io.pgmob.error.TlsException("the server certificate at " + address + " is not signed by a"
            + " trusted certificate authority (set sslrootcert to the CA bundle that signs it)", cluster,
            DriverFailure.of(t, List.of()));
      }
      ssl |= c instanceof javax.net.ssl.SSLException || name.contains("PostgresqlSslException");
    }
    if (ssl) {
      Throwable root = t;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new io.pgmob.error.TlsException("the TLS handshake with " + address + " failed: "
          + root.getClass().getSimpleName() + ": " + Redaction.redact(root.getMessage()), cluster,
          DriverFailure.of(t, List.of()));
    }
    return null;
  }

  /** Translates a failure of {@code statement} on {@code cluster}. */
  static PgmobException statement(Throwable t, String cluster, @Nullable String statement) {
    return statement(t, cluster, statement, List.of());
  }

  /**
   * Translates a failure of {@code statement} on {@code cluster}; the values of {@code secrets}
   * are scrubbed from everything the exception carries.
   */
  static PgmobException statement(Throwable t, String cluster, @Nullable String statement, List<String> secrets) {
    if (t instanceof PgmobException p) {
      return p;
    }
    String redacted = Redaction.scrub(statement, secrets);
    ServerError details = isClientSide(t) ? null : details(t);
    Throwable cause = DriverFailure.of(t, secrets);
    if (details != null) {
      return ExceptionFactory.statementError(details.code(),
          String.valueOf(Redaction.scrub(details.message(), secrets)),
          Redaction.scrub(details.detail(), secrets),
          Redaction.scrub(details.hint(), secrets), cluster, redacted, cause);
    }
    if (t instanceof TimeoutException) {
      return new PgmobException("the statement did not finish within the time allowed", cluster, redacted,
          SqlStates.QUERY_CANCELED, cause);
    }
    if (isConnectionClosed(t)) {
      return new ConnectionLostException("the connection broke while the statement was in flight; whether it took "
          + "effect is unknown", cluster, redacted, cause);
    }
    String sqlState = t instanceof R2dbcException r ? r.getSqlState() : null;
    return new PgmobException(t.getClass().getSimpleName() + ": " + Redaction.scrub(t.getMessage(), secrets), cluster,
        redacted, sqlState, cause);
  }

  /** r2dbc wraps its own client-side failures in ErrorDetails too; those are not server errors. */
  private static boolean isClientSide(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String n = c.getClass().getName();
      if (n.contains("PostgresConnectionException") || n.contains("PostgresConnectionClosedException")) {
        return true;
      }
    }
    return false;
  }

  static boolean isConnectionClosed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String n = c.getClass().getName();
      if (n.contains("ConnectionClosed") || n.contains("PostgresConnectionException")
          || c instanceof ClosedConnectionException
          || (c instanceof io.vertx.core.VertxException && String.valueOf(c.getMessage()).startsWith("Connection is not active"))
          || c instanceof ClosedChannelException || c instanceof java.io.IOException
          || (c instanceof R2dbcException && String.valueOf(c.getMessage()).contains("closed"))) {
        return true;
      }
    }
    return false;
  }

  /** What the server said in an ErrorResponse, whichever driver read it. */
  private record ServerError(String code, String message, @Nullable String detail, @Nullable String hint) {}

  private static @Nullable ServerError details(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PostgresqlException pe) {
        var d = pe.getErrorDetails();
        return new ServerError(d.getCode(), d.getMessage(), d.getDetail().orElse(null), d.getHint().orElse(null));
      }
      if (c instanceof PgException pe && pe.getSqlState() != null) {
        return new ServerError(pe.getSqlState(), String.valueOf(pe.getErrorMessage()), pe.getDetail(), pe.getHint());
      }
    }
    return null;
  }


  /**
   * Stands in for a driver or network exception as the cause of a pgmob exception: the original's
   * class name, SQLSTATE and message (redacted), and its stack trace, for each exception of the
   * chain; never the SQL text the driver keeps.
   */
  static final class DriverFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private DriverFailure(String message, @Nullable Throwable cause) {
      super(message, cause, false, true);
    }

    static @Nullable DriverFailure of(@Nullable Throwable t, List<String> secrets) {
      if (t == null) {
        return null;
      }
      Throwable next = t.getCause() == t ? null : t.getCause();
      String state = t instanceof R2dbcException r && r.getSqlState() != null ? " [" + r.getSqlState() + "]" : "";
      DriverFailure f = new DriverFailure(t.getClass().getName() + state + ": " + Redaction.scrub(t.getMessage(), secrets),
          of(next, secrets));
      f.setStackTrace(t.getStackTrace());
      return f;
    }
  }
}
