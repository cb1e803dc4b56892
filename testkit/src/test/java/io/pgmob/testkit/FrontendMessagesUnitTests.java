package io.pgmob.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontendMessagesUnitTests {

  /** A clear-text session: SSLRequest refused, start-up, SCRAM, a simple query, an extended one, Terminate. */
  private static byte[] session() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    untyped(out, FrontendMessages.SSL_REQUEST, new byte[0]);
    untyped(out, 196608, "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'p', "SCRAM-SHA-256\0....n,,n=,r=abc".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'p', "c=biws,r=abc,p=xyz".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'Q', "SELECT 1\0".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'P', "\0SELECT $1\0\0\0".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'B', new byte[300]);
    typed(out, 'D', "P\0".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'E', "\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'S', new byte[0]);
    typed(out, 'Q', "BEGIN; SELECT 2; COMMIT\0".getBytes(StandardCharsets.US_ASCII));
    typed(out, 'X', new byte[0]);
    return out.toByteArray();
  }

  private static void untyped(ByteArrayOutputStream out, int code, byte[] body) {
    writeInt(out, 8 + body.length);
    writeInt(out, code);
    out.writeBytes(body);
  }

  private static void typed(ByteArrayOutputStream out, char type, byte[] body) {
    out.write(type);
    writeInt(out, 4 + body.length);
    out.writeBytes(body);
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void assertSessionCounted(FrontendMessages m) {
    assertThat(m.byType()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
        'B', 1L, 'D', 1L, 'E', 1L, 'P', 1L, 'Q', 2L, 'S', 1L, 'X', 1L, 'p', 2L)));
    assertThat(m.queries()).isEqualTo(2);
    assertThat(m.syncs()).isEqualTo(1);
    assertThat(m.roundTrips()).isEqualTo(3);
    assertThat(m.total()).isEqualTo(10);
    assertThat(m.sslRequests()).isEqualTo(1);
    assertThat(m.startups()).isEqualTo(1);
    assertThat(m.encryptedConnections()).isZero();
  }

  @Test
  void countsASessionSplitInTwoAtEveryOffset() {
    byte[] bytes = session();
    for (int split = 0; split <= bytes.length; split++) {
      FrontendMessages m = new FrontendMessages();
      FrontendMessages.Parser p = m.newConnection();
      p.feed(ByteBuffer.wrap(bytes, 0, split));
      p.feed(ByteBuffer.wrap(bytes, split, bytes.length - split));
      assertSessionCounted(m);
    }
  }

  @Test
  void countsASessionArrivingOneByteAtATime() {
    byte[] bytes = session();
    FrontendMessages m = new FrontendMessages();
    FrontendMessages.Parser p = m.newConnection();
    for (byte b : bytes) {
      p.feed(ByteBuffer.wrap(new byte[] {b}));
    }
    assertSessionCounted(m);
  }

  @Test
  void countsASessionSplitInThreeAtEveryPairOfOffsets() {
    byte[] bytes = session();
    for (int a = 0; a <= bytes.length; a++) {
      for (int b = a; b <= bytes.length; b += 7) {
        FrontendMessages m = new FrontendMessages();
        FrontendMessages.Parser p = m.newConnection();
        p.feed(ByteBuffer.wrap(bytes, 0, a));
        p.feed(ByteBuffer.wrap(bytes, a, b - a));
        p.feed(ByteBuffer.wrap(bytes, b, bytes.length - b));
        assertSessionCounted(m);
      }
    }
  }

  @Test
  void leavesTheBufferPositionAlone() {
    byte[] bytes = session();
    ByteBuffer bb = ByteBuffer.wrap(bytes, 3, 40);
    new FrontendMessages().newConnection().feed(bb);
    assertThat(bb.position()).isEqualTo(3);
    assertThat(bb.limit()).isEqualTo(43);
  }

  @Test
  void stopsReadingAConnectionThatTurnsToTls() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    untyped(out, FrontendMessages.SSL_REQUEST, new byte[0]);
    out.writeBytes(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 'Q', 0, 0, 0, 4});
    FrontendMessages m = new FrontendMessages();
    m.newConnection().feed(ByteBuffer.wrap(out.toByteArray()));
    assertThat(m.sslRequests()).isEqualTo(1);
    assertThat(m.encryptedConnections()).isEqualTo(1);
    assertThat(m.startups()).isZero();
    assertThat(m.total()).isZero();
  }

  @Test
  void countsACancelRequestApartFromTheSessions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    untyped(out, FrontendMessages.CANCEL_REQUEST, new byte[] {0, 0, 0, 42, 1, 2, 3, 4});
    FrontendMessages m = new FrontendMessages();
    m.newConnection().feed(ByteBuffer.wrap(out.toByteArray()));
    assertThat(m.cancelRequests()).isEqualTo(1);
    assertThat(m.startups()).isZero();
    assertThat(m.total()).isZero();
  }

  @Test
  void connectionsAreParsedApartAndCountedTogether() {
    byte[] bytes = session();
    FrontendMessages m = new FrontendMessages();
    FrontendMessages.Parser first = m.newConnection();
    FrontendMessages.Parser second = m.newConnection();
    first.feed(ByteBuffer.wrap(bytes, 0, 50));
    second.feed(ByteBuffer.wrap(bytes, 0, 17));
    first.feed(ByteBuffer.wrap(bytes, 50, bytes.length - 50));
    second.feed(ByteBuffer.wrap(bytes, 17, bytes.length - 17));
    assertThat(m.roundTrips()).isEqualTo(6);
    assertThat(m.startups()).isEqualTo(2);
  }

  @Test
  void resetStartsTheCountsAgainWithoutLosingThePlaceInTheStream() {
    byte[] bytes = session();
    FrontendMessages m = new FrontendMessages();
    FrontendMessages.Parser p = m.newConnection();
    int half = bytes.length / 2;
    p.feed(ByteBuffer.wrap(bytes, 0, half));
    m.reset();
    p.feed(ByteBuffer.wrap(bytes, half, bytes.length - half));
    assertThat(m.startups()).isZero();
    assertThat(m.count('X')).isEqualTo(1);
    assertThat(m.count('p')).isZero();
  }

  @Test
  void refusesATypeWiderThanAByte() {
    assertThatThrownBy(() -> new FrontendMessages().count('\u0100'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one byte");
  }
}
