package io.pgmob.largeobject;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.error.ObjectNotFoundException;
import io.pgmob.error.PgmobException;
import io.pgmob.error.SqlStates;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Sql;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The large objects of the current database ({@code cluster.largeObjects()}), keyed by oid (as
 * text for {@link #get(String)}), and streaming access to their bytes.
 *
 * <p>Bytes move in chunks (default {@value #DEFAULT_CHUNK_SIZE} bytes) through the server
 * functions {@code lo_get} and {@code lo_put}, driven by backpressure: a reader holds about one
 * chunk at a time, so an object of any size streams through bounded memory.
 *
 * <pre>{@code
 * LargeObjects los = cluster.largeObjects();
 * los.create()
 *     .flatMap(lo -> lo.write(Flux.just(ByteBuffer.wrap(bytes))).thenReturn(lo))
 *     .flatMapMany(LargeObject::read)
 * }</pre>
 */
public final class LargeObjects extends ObjectCollection<LargeObject> {

  /** The default chunk size: 512 KiB. */
  public static final int DEFAULT_CHUNK_SIZE = 512 * 1024;

  /** {@code INV_WRITE} of {@code libpq-fs.h}. */
  private static final int INV_WRITE = 0x20000;
  /** {@code INV_READ}. */
  private static final int INV_READ = 0x40000;

  /** The largeobjects of {@code session}, cached per session: what {@code cluster.largeObjects()} returns. */
  public static LargeObjects of(SqlSession<?> session) {
    return session.state(LargeObjects.class, LargeObjects::new);
  }

  LargeObjects(SqlSession<?> cluster) {
    super(cluster, "large object");
  }

  @Override
  protected Flux<LargeObject> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/largeobject/get_large_objects", c.version())))
        .map(r -> new LargeObject(c, Objects.requireNonNull(r.getLong("oid")), Objects.requireNonNull(r.getString("owner"))));
  }

  @Override
  protected String keyOf(LargeObject lo) {
    return Long.toString(lo.oid());
  }

  /** The large object {@code oid}; fails with {@link ObjectNotFoundException}. */
  public Mono<LargeObject> get(long oid) {
    return get(Long.toString(oid));
  }

  /** Creates an empty large object owned by the current user and returns it. */
  public Mono<LargeObject> create() {
    SqlSession<?> c = cluster();
    return c.scalar("SELECT lo_create(0)::bigint", Long.class)
        .map(oid -> new LargeObject(c, oid, c.currentUser()))
        .doFinally(s -> invalidate());
  }

  /**
   * Streams the bytes of large object {@code oid} in chunks of {@value #DEFAULT_CHUNK_SIZE}
   * bytes. See {@link #read(long, int)}.
   */
  public Flux<ByteBuffer> read(long oid) {
    return read(oid, DEFAULT_CHUNK_SIZE);
  }

  /**
   * Streams the bytes of large object {@code oid}: each buffer is one chunk of at most {@code
   * chunkSize} bytes, fetched with {@code lo_get} only when the subscriber asks for more (at most
   * one chunk is fetched ahead). Each chunk is its own statement, so a concurrent writer may be
   * seen part-way. Fails with {@link ObjectNotFoundException} if the object does not exist.
   */
  public Flux<ByteBuffer> read(long oid, int chunkSize) {
    if (chunkSize < 1) {
      return Flux.error(new InvalidInputException("chunk size must be positive, not " + chunkSize));
    }
    SqlSession<?> c = cluster();
    return Flux.<Long, Long>generate(() -> 0L, (offset, sink) -> {
          sink.next(offset);
          return offset + chunkSize;
        })
        .concatMap(offset -> c.scalar("SELECT lo_get($1::bigint::oid, $2::bigint, $3::int)", ByteBuffer.class,
                oid, offset, chunkSize)
            .defaultIfEmpty(ByteBuffer.allocate(0)), 1)
        .takeUntil(b -> b.remaining() < chunkSize)
        .filter(ByteBuffer::hasRemaining)
        .onErrorMap(e -> notFound(e, oid));
  }

  /** Writes {@code data} at offset 0; see {@link #write(long, long, Publisher, int)}. */
  public Mono<Long> write(long oid, Publisher<ByteBuffer> data) {
    return write(oid, 0, data, DEFAULT_CHUNK_SIZE);
  }

  /**
   * Writes the bytes of {@code data} into large object {@code oid} starting at {@code offset}
   * (overwriting, extending the object as needed; bytes past the end of the written range stay).
   * The incoming buffers are regrouped into chunks of {@code chunkSize} bytes, each sent with
   * {@code lo_put}; {@code data} is requested one buffer at a time, so at most about one chunk is
   * held in memory. All chunks run in one transaction: a failure (including one of {@code data})
   * rolls the whole write back. Fails with {@link ObjectNotFoundException} if the object does not
   * exist (for example after it was dropped).
   *
   * @return the number of bytes written
   */
  public Mono<Long> write(long oid, long offset, Publisher<ByteBuffer> data, int chunkSize) {
    if (chunkSize < 1 || offset < 0) {
      return Mono.error(new InvalidInputException("chunk size must be positive and offset not negative, not "
          + chunkSize + " and " + offset));
    }
    SqlSession<?> c = cluster();
    return c.inTransaction(tx -> Flux.defer(() -> {
          Rechunker chunker = new Rechunker(chunkSize);
          long[] position = {offset};
          return Flux.from(data)
              .concatMapIterable(chunker::add, 1)
              .concatWith(Mono.fromSupplier(chunker::rest).filter(b -> b.length > 0))
              .concatMap(bytes -> {
                long at = position[0];
                position[0] += bytes.length;
                return tx.execute("SELECT lo_put($1::bigint::oid, $2::bigint, $3::bytea)", oid, at, ByteBuffer.wrap(bytes))
                    .then(Mono.just((long) bytes.length));
              }, 1)
              // an empty write still checks that the object exists
              .switchIfEmpty(tx.execute("SELECT lo_get($1::bigint::oid, 0, 0)", oid).then(Mono.just(0L)));
        }))
        .reduce(0L, Long::sum)
        .onErrorMap(e -> notFound(e, oid));
  }

  /** The size of large object {@code oid} in bytes. */
  public Mono<Long> size(long oid) {
    return cluster().scalar("SELECT lo_lseek64(lo_open($1::bigint::oid, " + INV_READ + "), 0, 2)", Long.class, oid)
        .onErrorMap(e -> notFound(e, oid));
  }

  /** Truncates (or zero-extends) large object {@code oid} to {@code length} bytes. */
  public Mono<Void> truncate(long oid, long length) {
    if (length < 0) {
      return Mono.error(new InvalidInputException("length must not be negative, not " + length));
    }
    return cluster().execute("SELECT lo_truncate64(lo_open($1::bigint::oid, " + INV_WRITE + "), $2::bigint)", oid, length)
        .then()
        .onErrorMap(e -> notFound(e, oid));
  }

  /** Drops ({@code lo_unlink}) large object {@code oid}. */
  public Mono<Void> drop(long oid) {
    Plan plan = Plan.of(Change.of("drop large object " + oid, Sql.format("SELECT lo_unlink({}::oid)", oid)));
    return Plans.apply(cluster(), plan, this::invalidate).then().onErrorMap(e -> notFound(e, oid));
  }

  Mono<LargeObject> changeOwner(LargeObject lo, String newOwner) {
    return Mono.fromCallable(() -> Plan.of(lo.ownerChange(newOwner)))
        .flatMap(p -> Plans.applyThenReload(cluster(), p, this::invalidate, () -> get(lo.oid())))
        .onErrorMap(e -> notFound(e, lo.oid()));
  }

  private Throwable notFound(Throwable e, long oid) {
    if (e instanceof PgmobException p && SqlStates.UNDEFINED_OBJECT.equals(p.sqlState())
        && String.valueOf(p.getMessage()).contains("large object")) {
      return new ObjectNotFoundException("large object", Long.toString(oid), cluster().name());
    }
    return e;
  }

  /** Regroups incoming buffers into arrays of exactly {@code size} bytes (the last may be shorter). */
  static final class Rechunker {
    private final int size;
    private byte[] current;
    private int filled;

    Rechunker(int size) {
      this.size = size;
      this.current = new byte[size];
    }

    List<byte[]> add(ByteBuffer in) {
      List<byte[]> full = new ArrayList<>(1);
      ByteBuffer b = in.duplicate();
      while (b.hasRemaining()) {
        int n = Math.min(b.remaining(), size - filled);
        b.get(current, filled, n);
        filled += n;
        if (filled == size) {
          full.add(current);
          current = new byte[size];
          filled = 0;
        }
      }
      return full;
    }

    byte[] rest() {
      byte[] r = java.util.Arrays.copyOf(current, filled);
      filled = 0;
      return r;
    }
  }
}
