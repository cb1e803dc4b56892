package io.pgmob.largeobject;

import static io.pgmob.testsupport.Blocking.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmob.Cluster;
import io.pgmob.testkit.PgTest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Moves 100 MB through a large object and back, and shows that neither direction holds the
 * object in memory: during both streams the heap still in use after a full GC is sampled every
 * 16 MB, and its growth over the baseline must stay far below the object's size. An
 * implementation that gathered the data (collectList, one big bytea) would retain ~100 MB at the
 * later samples and fail.
 */
@PgTest
class LargeObjectStreamingIntegrationTests {

  private static final long SIZE = 100L * 1024 * 1024;
  private static final int BUFFER = 64 * 1024;
  private static final long SAMPLE_EVERY = 16L * 1024 * 1024;
  private static final long MAX_RETAINED_GROWTH = 32L * 1024 * 1024;

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private static long retainedHeap() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  @Test
  void hundredMegabytesStreamBothWaysWithBoundedHeap(Cluster cluster) throws Exception {
    LargeObject lo = cluster.largeObjects().create().block(TIMEOUT);
    try {
      long baseline = retainedHeap();
      AtomicLong peakWrite = new AtomicLong();
      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      Random random = new Random(42);
      Flux<ByteBuffer> data = Flux.generate(() -> 0L, (produced, sink) -> {
        if (produced >= SIZE) {
          sink.complete();
          return produced;
        }
        if (produced % SAMPLE_EVERY == 0 && produced > 0) {
          peakWrite.accumulateAndGet(retainedHeap() - baseline, Math::max);
        }
        byte[] b = new byte[BUFFER];
        random.nextBytes(b);
        sent.update(b);
        sink.next(ByteBuffer.wrap(b));
        return produced + BUFFER;
      });

      long t0 = System.nanoTime();
      assertThat(lo.write(data).block(TIMEOUT)).isEqualTo(SIZE);
      long writeMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(lo.size().block(TIMEOUT)).isEqualTo(SIZE);

      MessageDigest received = MessageDigest.getInstance("SHA-256");
      AtomicLong count = new AtomicLong();
      AtomicLong nextSample = new AtomicLong(SAMPLE_EVERY);
      AtomicLong peakRead = new AtomicLong();
      long t1 = System.nanoTime();
      lo.read().doOnNext(b -> {
        int n = b.remaining();
        received.update(b);
        if (count.addAndGet(n) >= nextSample.get()) {
          nextSample.addAndGet(SAMPLE_EVERY);
          peakRead.accumulateAndGet(retainedHeap() - baseline, Math::max);
        }
      }).blockLast(TIMEOUT);
      long readMs = (System.nanoTime() - t1) / 1_000_000;

      System.out.printf("100 MB large object: write %d ms, read %d ms, retained heap growth write %d KB, read %d KB%n",
          writeMs, readMs, peakWrite.get() / 1024, peakRead.get() / 1024);
      assertThat(count.get()).isEqualTo(SIZE);
      assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
      assertThat(peakWrite.get()).isLessThan(MAX_RETAINED_GROWTH);
      assertThat(peakRead.get()).isLessThan(MAX_RETAINED_GROWTH);
    } finally {
      lo.drop().block(TIMEOUT);
    }
  }
}
