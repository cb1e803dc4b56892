package io.pgmob.largeobject;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.CatalogObject;
import io.pgmob.sql.Sql;
import java.nio.ByteBuffer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A large object of the current database: its oid and owner (a snapshot), and streaming access to
 * its bytes through {@link LargeObjects}.
 */
public final class LargeObject extends CatalogObject {

  LargeObject(SqlSession<?> cluster, long oid, String owner) {
    super(cluster, oid, owner);
  }

  @Override
  protected String keyword() {
    return "LARGE OBJECT";
  }

  @Override
  protected Sql target() {
    return Sql.format("{}", oid());
  }

  /** Makes {@code newOwner} own it; returns the refreshed snapshot. */
  public Mono<LargeObject> owner(String newOwner) {
    return LargeObjects.of(cluster()).changeOwner(this, newOwner);
  }

  /** See {@link LargeObjects#read(long)}. */
  public Flux<ByteBuffer> read() {
    return LargeObjects.of(cluster()).read(oid());
  }

  /** See {@link LargeObjects#write(long, Publisher)}. */
  public Mono<Long> write(Publisher<ByteBuffer> data) {
    return LargeObjects.of(cluster()).write(oid(), data);
  }

  /** See {@link LargeObjects#size(long)}. */
  public Mono<Long> size() {
    return LargeObjects.of(cluster()).size(oid());
  }

  /** See {@link LargeObjects#truncate(long, long)}. */
  public Mono<Void> truncate(long length) {
    return LargeObjects.of(cluster()).truncate(oid(), length);
  }

  /** See {@link LargeObjects#drop(long)}. */
  public Mono<Void> drop() {
    return LargeObjects.of(cluster()).drop(oid());
  }

  @Override
  public String toString() {
    return "LargeObject[" + oid() + ", owner " + owner() + "]";
  }
}
