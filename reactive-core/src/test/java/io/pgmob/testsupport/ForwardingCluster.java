package io.pgmob.testsupport;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.PgVersion;
import io.pgmob.session.Row;
import io.pgmob.TerminateFilter;
import io.pgmob.sql.SqlPart;
import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A cluster that forwards every call to another. */
public class ForwardingCluster implements Cluster {
  protected final Cluster delegate;

  public ForwardingCluster(Cluster delegate) {
    this.delegate = delegate;
  }

  @Override public ConnectionSpec spec() { return delegate.spec(); }
  @Override public PgVersion version() { return delegate.version(); }
  @Override public String currentDatabase() { return delegate.currentDatabase(); }
  @Override public String currentUser() { return delegate.currentUser(); }
  @Override public String sessionUser() { return delegate.sessionUser(); }
  @Override public boolean isSuperuser() { return delegate.isSuperuser(); }
  @Override public int backendPid() { return delegate.backendPid(); }
  @Override public Flux<Row> execute(String sql, Object... params) { return delegate.execute(sql, params); }
  @Override public Flux<Row> execute(SqlPart sql) { return delegate.execute(sql); }
  @Override public Mono<Long> update(String sql, Object... params) { return delegate.update(sql, params); }
  @Override public Mono<Long> update(SqlPart sql) { return delegate.update(sql); }
  @Override public Mono<Void> executeScript(String script) { return delegate.executeScript(script); }
  @Override public <T> Flux<T> inTransaction(Function<? super Cluster, ? extends Publisher<T>> work) { return delegate.inTransaction(work); }
  @Override public Mono<Void> cancel() { return delegate.cancel(); }
  @Override public Mono<List<Integer>> terminate(TerminateFilter filter) { return delegate.terminate(filter); }
  @Override public Mono<Boolean> reload() { return delegate.reload(); }
  @Override public Mono<Void> refresh() { return delegate.refresh(); }
  @Override public Mono<Void> close() { return delegate.close(); }
  @Override public boolean isClosed() { return delegate.isClosed(); }
  @Override public <V> V state(Class<V> key, Function<? super Cluster, ? extends V> factory) { return delegate.state(key, factory); }
  @Override public String toString() { return delegate.toString(); }
}
