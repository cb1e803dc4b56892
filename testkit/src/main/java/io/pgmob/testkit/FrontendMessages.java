package io.pgmob.testkit;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the PostgreSQL frontend (client to server) messages that pass a {@link TcpProxy}, by
 * message type, over every connection of the proxy. The start-up phase (SSLRequest, GSSENCRequest,
 * StartupMessage, CancelRequest: messages without a type byte) is counted apart; a connection
 * that switches to TLS or GSS encryption cannot be read any further and is counted as {@link
 * #encryptedConnections()}.
 *
 * <p>A <em>round trip</em> is a message the client must wait on before it sees results: a simple
 * {@code Query} ({@code 'Q'}) or a {@code Sync} ({@code 'S'}). Authentication sends only
 * {@code 'p'} messages, so {@link #roundTrips()} counts what a session sends after login.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start(server)) {
 *   // connect through proxy.host():proxy.port() with TLS disabled, log in ...
 *   proxy.frontendMessages().reset();
 *   // run the work ...
 *   assertThat(proxy.frontendMessages().roundTrips()).isLessThanOrEqualTo(2);
 * }
 * }</pre>
 *
 * <p>Counters are updated before the bytes are forwarded to the server, so a count read after
 * the client saw the server's answer includes the messages it answered. Thread-safe.
 */
public final class FrontendMessages {

  /** SSLRequest's request code. */
  static final int SSL_REQUEST = 80877103;
  /** GSSENCRequest's request code. */
  static final int GSSENC_REQUEST = 80877104;
  /** CancelRequest's request code. */
  static final int CANCEL_REQUEST = 80877102;

  private final AtomicLongArray byType = new AtomicLongArray(256);
  private final AtomicLong startups = new AtomicLong();
  private final AtomicLong sslRequests = new AtomicLong();
  private final AtomicLong cancelRequests = new AtomicLong();
  private final AtomicLong encrypted = new AtomicLong();
  private final java.util.List<String> queryTexts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** How much of each simple query's text {@link #queryTexts()} keeps. */
  static final int QUERY_TEXT_LIMIT = 200;

  /** A counter with every count at zero. */
  public FrontendMessages() {}

  /** {@return simple {@code Query} messages ({@code 'Q'})} */
  public long queries() {
    return count('Q');
  }

  /**
   * The text of each simple {@code Query} seen, in order (the first {@value #QUERY_TEXT_LIMIT}
   * characters): to tell which statement a round trip carried, for example a driver's own.
   *
   * @return a copy
   */
  public java.util.List<String> queryTexts() {
    synchronized (queryTexts) {
      return java.util.List.copyOf(queryTexts);
    }
  }

  /** {@return {@code Sync} messages ({@code 'S'}), each closing one flight of extended-protocol messages} */
  public long syncs() {
    return count('S');
  }

  /** {@return messages the client must wait on: {@link #queries()} plus {@link #syncs()}} */
  public long roundTrips() {
    return queries() + syncs();
  }

  /**
   * Messages of {@code type}.
   *
   * @param type the message type byte, for example {@code 'P'} Parse, {@code 'X'} Terminate
   * @return how many were seen
   */
  public long count(char type) {
    if (type > 255) {
      throw new IllegalArgumentException("a frontend message type is one byte, got '" + type + "'");
    }
    return byType.get(type);
  }

  /** {@return every typed message seen, by type, in type order; types never seen are left out} */
  public Map<Character, Long> byType() {
    Map<Character, Long> out = new TreeMap<>();
    for (int i = 0; i < 256; i++) {
      long n = byType.get(i);
      if (n > 0) {
        out.put((char) i, n);
      }
    }
    return out;
  }

  /** {@return typed messages of every kind} */
  public long total() {
    long n = 0;
    for (int i = 0; i < 256; i++) {
      n += byType.get(i);
    }
    return n;
  }

  /** {@return {@code StartupMessage}s: sessions that began (in clear text) through the proxy} */
  public long startups() {
    return startups.get();
  }

  /** {@return {@code SSLRequest}s (whatever the server answered)} */
  public long sslRequests() {
    return sslRequests.get();
  }

  /** {@return {@code CancelRequest}s (each on a connection of its own)} */
  public long cancelRequests() {
    return cancelRequests.get();
  }

  /** {@return connections that turned to TLS or GSS encryption; their messages are not counted} */
  public long encryptedConnections() {
    return encrypted.get();
  }

  /** Sets every count to zero (connections keep their place in the protocol). */
  public void reset() {
    for (int i = 0; i < 256; i++) {
      byType.set(i, 0);
    }
    startups.set(0);
    sslRequests.set(0);
    cancelRequests.set(0);
    encrypted.set(0);
    queryTexts.clear();
  }

  /** A parser for one new connection, counting into this object. Not thread-safe itself. */
  Parser newConnection() {
    return new Parser();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FrontendMessages[roundTrips=").append(roundTrips());
    byType().forEach((t, n) -> sb.append(", ").append(t).append('=').append(n));
    if (startups() > 0) {
      sb.append(", startups=").append(startups());
    }
    if (cancelRequests() > 0) {
      sb.append(", cancelRequests=").append(cancelRequests());
    }
    if (encryptedConnections() > 0) {
      sb.append(", encryptedConnections=").append(encryptedConnections());
    }
    return sb.append(']').toString();
  }

  /**
   * Follows one connection's client-to-server byte stream, in chunks split anywhere. The start-up
   * phase has messages of a length and a request code; after the StartupMessage every message
   * has a type byte and a length.
   */
  final class Parser {

    private static final int STARTUP = 0;
    private static final int TYPED = 1;
    private static final int OPAQUE = 2;

    private int phase = STARTUP;
    private final byte[] header = new byte[8];
    private int headerFill;
    /** Body bytes of the current message still to skip. */
    private long skip;
    /** The text of the simple query being read, or null. */
    private java.io.@org.jspecify.annotations.Nullable ByteArrayOutputStream query;

    /** Reads the readable bytes of {@code chunk} without moving its position. */
    void feed(ByteBuffer chunk) {
      int pos = chunk.position();
      int limit = chunk.limit();
      while (pos < limit && phase != OPAQUE) {
        if (skip > 0) {
          int n = (int) Math.min(skip, limit - pos);
          java.io.ByteArrayOutputStream q = query;
          if (q != null) {
            for (int i = pos; i < pos + n && q.size() < QUERY_TEXT_LIMIT * 4; i++) {
              q.write(chunk.get(i));
            }
          }
          pos += n;
          skip -= n;
          if (skip == 0 && q != null) {
            queryDone(q);
          }
          continue;
        }
        byte b = chunk.get(pos++);
        if (phase == STARTUP && headerFill == 0 && b == 0x16) {
          // a TLS handshake record: direct TLS, or the server accepted the SSLRequest
          phase = OPAQUE;
          encrypted.incrementAndGet();
          return;
        }
        header[headerFill++] = b;
        if (phase == STARTUP && headerFill == 8) {
          headerFill = 0;
          startupMessage(intAt(0), intAt(4));
        } else if (phase == TYPED && headerFill == 5) {
          headerFill = 0;
          byType.incrementAndGet(header[0] & 0xff);
          skip = Math.max(0, (intAt(1) & 0xffffffffL) - 4);
          if (header[0] == 'Q') {
            query = new java.io.ByteArrayOutputStream();
            if (skip == 0) {
              queryDone(query);
            }
          }
        }
      }
    }

    private void queryDone(java.io.ByteArrayOutputStream q) {
      String text = q.toString(java.nio.charset.StandardCharsets.UTF_8);
      int nul = text.indexOf('\0');
      text = nul >= 0 ? text.substring(0, nul) : text;
      queryTexts.add(text.length() > QUERY_TEXT_LIMIT ? text.substring(0, QUERY_TEXT_LIMIT) : text);
      query = null;
    }

    private void startupMessage(int length, int code) {
      skip = Math.max(0, (length & 0xffffffffL) - 8);
      switch (code) {
        case SSL_REQUEST -> sslRequests.incrementAndGet();
        case GSSENC_REQUEST -> {
          // the server's answer is not on this side of the stream; a GSS token does not look
          // like a start-up length, so assume encryption (no test uses GSS)
          phase = OPAQUE;
          encrypted.incrementAndGet();
        }
        case CANCEL_REQUEST -> cancelRequests.incrementAndGet();
        default -> {
          startups.incrementAndGet();
          phase = TYPED;
        }
      }
    }

    private int intAt(int offset) {
      return ((header[offset] & 0xff) << 24) | ((header[offset + 1] & 0xff) << 16)
          | ((header[offset + 2] & 0xff) << 8) | (header[offset + 3] & 0xff);
    }
  }
}
