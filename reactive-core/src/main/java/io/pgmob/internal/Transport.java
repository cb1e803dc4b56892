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

  /** Asks the server to cancel whatever this connection runs now. */
  Mono<Void> cancel();

  /** Closes the connection. */
  Mono<Void> close();
}
