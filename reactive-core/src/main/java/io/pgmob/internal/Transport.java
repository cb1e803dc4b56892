package io.pgmob.internal;

import io.pgmob.session.Row;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The narrow seam between pgmob and a wire driver: one server connection. The session layer
 * above only sees this, so another driver can be added without touching it or the managed
 * objects.
 */
interface Transport {

  /**
   * What the server told the client at start-up, before any statement: its {@code server_version}
   * (a ParameterStatus message) and the backend process id (BackendKeyData).
   */
  record Startup(String serverVersion, int backendPid) {}

  /** The start-up facts of this connection; no round trip. */
  Startup startup();

  /**
   * Runs one statement. With parameters: the extended protocol with {@code $n} bind markers.
   * Without: the simple protocol (which also runs several {@code ;}-separated statements). Rows
   * are streamed; cancelling the subscription while the statement runs sends a cancel request.
   */
  Flux<Row> query(String sql, List<@Nullable Object> params);

  /**
   * Runs exactly one statement through the extended protocol, with or without parameters, and
   * streams its rows. The server refuses text holding several statements (SQLSTATE 42601) before
   * it runs any.
   */
  Flux<Row> queryStatement(String sql, List<@Nullable Object> params);

  /** Runs statements and returns the total of affected rows. */
  Mono<Long> update(String sql, List<@Nullable Object> params);

  /**
   * Runs {@code sql}, several {@code ;}-separated statements without parameters, in one simple
   * {@code Query} message (one round trip) and returns the rows of each statement, in order (an
   * empty list for a statement without rows). If a statement fails, the server skips the rest and
   * the result fails with a {@link FailedStatement} saying which one (its index), caused by the
   * driver's error.
   */
  Mono<List<List<Row>>> flight(String sql);

  /** Asks the server to cancel whatever this connection runs now. */
  Mono<Void> cancel();

  /** Closes the connection. */
  Mono<Void> close();

  /** Statement {@code index} (from 0) of a {@link #flight} failed with the cause. */
  final class FailedStatement extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    FailedStatement(int index, Throwable cause) {
      super("statement " + (index + 1) + " of a flight failed", cause, false, false);
      this.index = index;
    }

    int index() {
      return index;
    }
  }
}
