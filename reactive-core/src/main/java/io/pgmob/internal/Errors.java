package io.pgmob.internal;

import io.pgmob.error.AuthenticationFailedException;
import io.pgmob.error.ConnectTimeoutException;
import io.pgmob.error.ConnectionLostException;
import io.pgmob.error.ConnectionRefusedException;
import io.pgmob.error.InsufficientPrivilegeException;
import io.pgmob.error.NotPostgresException;
import io.pgmob.error.PgmobException;
import io.pgmob.error.ServerErrorException;
import io.pgmob.error.SqlStates;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** The one place that turns driver and network failures into pgmob exceptions. */
public final class Errors {

  private Errors() {}

  /** Translates a failure while connecting to {@code cluster}. */
  public static PgmobException connect(Throwable t, String cluster, String address) {
    if (t instanceof PgmobException p) {
      return p;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new ConnectionRefusedException("connection refused at " + address
            + " (is the server running and listening there?)", cluster, t);
      }
      if (c instanceof UnknownHostException) {
        return new ConnectionRefusedException("unknown host in " + address, cluster, t);
      }
    }
    ServerError details = details(t);
    if (details != null && !isClientSide(t)) {
      String code = details.code();
      if (code.startsWith("28")) {
        return new AuthenticationFailedException("authentication failed at " + address + ": "
            + Redaction.redact(details.message()), cluster, code, t);
      }
      if (code.equals(SqlStates.TOO_MANY_CONNECTIONS) || code.equals(SqlStates.CANNOT_CONNECT_NOW)
          || code.equals(SqlStates.ADMIN_SHUTDOWN) || code.startsWith("08")) {
        return new io.pgmob.error.ConnectionException("the server at " + address + " refused the session: "
            + details.message(), cluster, code, t);
      }
      return server(details, cluster, null, t);
    }
    if (isConnectionClosed(t)) {
      return new NotPostgresException("the peer at " + address + " closed the connection during the handshake"
          + " without a PostgreSQL error: it does not seem to speak the PostgreSQL protocol", cluster, t);
    }
    Throwable root = t;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || (c.getClass().getName().contains("AnnotatedConnectException"))) {
        return new ConnectionRefusedException("connection refused at " + address
            + " (is the server running and listening there?)", cluster, t);
      }
      if (c instanceof UnknownHostException) {
        return new ConnectionRefusedException("unknown host in " + address, cluster, t);
      }
      if (c instanceof TimeoutException || c.getClass().getName().contains("ConnectTimeoutException")) {
        return new ConnectTimeoutException("no answer from " + address + " within the connect timeout", cluster, t);
      }
      root = c;
    }
    String msg = String.valueOf(root.getMessage());
    if (root instanceof ClosedChannelException || msg.contains("closed") || msg.contains("Unexpected")
        || msg.contains("SSL") || msg.contains("decode") || root instanceof IllegalArgumentException
        || root instanceof IndexOutOfBoundsException || root instanceof IllegalStateException) {
      return new NotPostgresException("the server at " + address
          + " did not answer with the PostgreSQL protocol (" + root.getClass().getSimpleName() + ": "
          + Redaction.redact(root.getMessage()) + ")", cluster, t);
    }
    return new io.pgmob.error.ConnectionException("cannot connect to " + address + ": "
        + root.getClass().getSimpleName() + ": " + Redaction.redact(root.getMessage()), cluster, null, t);
  }

  /** Translates a failure of {@code statement} (already redacted) on {@code cluster}. */
  public static PgmobException statement(Throwable t, String cluster, @Nullable String statement) {
    if (t instanceof PgmobException p) {
      return p;
    }
    String redacted = Redaction.redact(statement);
    ServerError details = isClientSide(t) ? null : details(t);
    if (details != null) {
      if (SqlStates.isConnectionError(details.code()) || details.code().equals(SqlStates.ADMIN_SHUTDOWN)) {
        return new ConnectionLostException(details.message(), cluster, redacted, t);
      }
      return server(details, cluster, redacted, t);
    }
    if (t instanceof TimeoutException) {
      return new PgmobException("the statement did not finish within the time allowed", cluster, redacted,
          SqlStates.QUERY_CANCELED, t);
    }
    if (isConnectionClosed(t)) {
      return new ConnectionLostException("the connection broke while the statement was in flight; whether it took "
          + "effect is unknown", cluster, redacted, t);
    }
    String sqlState = t instanceof R2dbcException r ? r.getSqlState() : null;
    return new PgmobException(t.getClass().getSimpleName() + ": " + Redaction.redact(t.getMessage()), cluster,
        redacted, sqlState, t);
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

  private static PgmobException server(ServerError d, String cluster, @Nullable String statement, Throwable t) {
    String message = Redaction.redact(d.message());
    String detail = Redaction.redact(d.detail());
    String hint = d.hint();
    if (d.code().equals(SqlStates.INSUFFICIENT_PRIVILEGE)) {
      return new InsufficientPrivilegeException(message, detail, hint, cluster, statement, t);
    }
    return new ServerErrorException(message, d.code(), detail, hint, cluster, statement, t);
  }

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
}
