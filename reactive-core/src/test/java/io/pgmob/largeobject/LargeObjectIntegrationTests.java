package io.pgmob.largeobject;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.testkit.PgTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@PgTest
class LargeObjectIntegrationTests {

  private static byte[] collect(Flux<ByteBuffer> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer b : chunks.collectList().block(TIMEOUT)) {
      byte[] a = new byte[b.remaining()];
      b.get(a);
      out.writeBytes(a);
    }
    return out.toByteArray();
  }

  private static Flux<ByteBuffer> bytes(String... parts) {
    return Flux.fromArray(parts).map(p -> ByteBuffer.wrap(p.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void createWriteReadInChunksTruncateAndDrop(Cluster cluster) {
    LargeObjects los = cluster.largeObjects();
    LargeObject lo = los.create().block(TIMEOUT);
    try {
      assertThat(lo.owner()).isEqualTo("postgres");
      assertThat(los.get(lo.oid()).block(TIMEOUT).owner()).isEqualTo("postgres");
      // buffers regrouped into 4-byte chunks, read back in 3-byte chunks
      assertThat(los.write(lo.oid(), 0, bytes("hello", " ", "", "large object"), 4).block(TIMEOUT)).isEqualTo(18L);
      assertThat(lo.size().block(TIMEOUT)).isEqualTo(18L);
      assertThat(los.read(lo.oid(), 3).count().block(TIMEOUT)).isEqualTo(6L);
      assertThat(new String(collect(los.read(lo.oid(), 3)), StandardCharsets.UTF_8)).isEqualTo("hello large object");
      assertThat(new String(collect(lo.read()), StandardCharsets.UTF_8)).isEqualTo("hello large object");

      assertThat(los.write(lo.oid(), 6, bytes("LARGE"), 100).block(TIMEOUT)).isEqualTo(5L);
      assertThat(new String(collect(lo.read()), StandardCharsets.UTF_8)).isEqualTo("hello LARGE object");
      lo.truncate(5).block(TIMEOUT);
      assertThat(new String(collect(lo.read()), StandardCharsets.UTF_8)).isEqualTo("hello");
      lo.truncate(0).block(TIMEOUT);
      assertThat(lo.read().collectList().block(TIMEOUT)).isEmpty();
      assertThat(lo.size().block(TIMEOUT)).isZero();

      cluster.update("CREATE ROLE lo_owner NOLOGIN").block(TIMEOUT);
      assertThat(lo.owner("lo_owner").block(TIMEOUT).owner()).isEqualTo("lo_owner");
      assertThat(los.refresh().thenMany(Flux.defer(los::all)).filter(l -> l.oid() == lo.oid())
          .map(LargeObject::owner).blockFirst(TIMEOUT)).isEqualTo("lo_owner");
    } finally {
      lo.drop().onErrorResume(e -> Mono.empty()).block(TIMEOUT);
      cluster.update("DROP ROLE IF EXISTS lo_owner").block(TIMEOUT);
    }
    assertThat(los.contains(Long.toString(lo.oid())).block(TIMEOUT)).isFalse();
  }

  @Test
  void aFailedWriteLeavesTheObjectAsItWas(Cluster cluster) {
    LargeObject lo = cluster.largeObjects().create().block(TIMEOUT);
    try {
      lo.write(bytes("original")).block(TIMEOUT);
      Flux<ByteBuffer> failing = bytes("replaced content that is long").concatWith(Flux.error(new IllegalStateException("source broke")));
      assertThatThrownBy(() -> cluster.largeObjects().write(lo.oid(), 0, failing, 4).block(TIMEOUT))
          .hasMessageContaining("source broke");
      assertThat(new String(collect(lo.read()), StandardCharsets.UTF_8)).isEqualTo("original");
    } finally {
      lo.drop().block(TIMEOUT);
    }
  }

  @Test
  void droppedOrUnknownObjectsFailClearly(Cluster cluster) {
    LargeObject lo = cluster.largeObjects().create().block(TIMEOUT);
    lo.drop().block(TIMEOUT);
    assertThatThrownBy(() -> lo.write(bytes("x")).block(TIMEOUT))
        .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("large object \"" + lo.oid() + "\" does not exist");
    assertThatThrownBy(() -> lo.write(Flux.empty()).block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> lo.read().blockLast(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> lo.size().block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> lo.truncate(0).block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> lo.drop().block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> cluster.largeObjects().get(lo.oid()).block(TIMEOUT)).isInstanceOf(ObjectNotFoundException.class);
    assertThat(cluster.scalar("SELECT count(*) FROM pg_largeobject_metadata WHERE oid = $1::bigint::oid", Long.class, lo.oid())
        .block(TIMEOUT)).isZero();
    assertThatThrownBy(() -> cluster.largeObjects().read(1, 0).blockLast(TIMEOUT)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void rechunkerRegroupsBuffersExactly() {
    LargeObjects.Rechunker r = new LargeObjects.Rechunker(4);
    List<byte[]> full = r.add(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    assertThat(full).hasSize(2);
    assertThat(full.get(0)).containsExactly(1, 2, 3, 4);
    assertThat(full.get(1)).containsExactly(5, 6, 7, 8);
    assertThat(r.add(ByteBuffer.wrap(new byte[] {11}))).isEmpty();
    assertThat(r.rest()).containsExactly(9, 10, 11);
  }
}
