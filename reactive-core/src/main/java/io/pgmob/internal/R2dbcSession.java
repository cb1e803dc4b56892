package io.pgmob.internal;

import io.pgmob.Row;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.postgresql.api.PostgresqlStatement;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.RowMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link Session} over one r2dbc-postgresql connection. */
public final class R2dbcSession implements Session {

  private final PostgresqlConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();

  R2dbcSession(PostgresqlConnection connection) {
    this.connection = connection;
  }

  @Override
  public Flux<Row> query(String sql, List<@Nullable Object> params) {
    return Flux.defer(() -> statement(sql, params).execute())
        .concatMap(result -> result.map(R2dbcSession::toRow));
  }

  @Override
  public Mono<Long> update(String sql, List<@Nullable Object> params) {
    return Flux.defer(() -> statement(sql, params).execute())
        .concatMap(PostgresqlResult::getRowsUpdated)
        .reduce(0L, Long::sum);
  }

  private PostgresqlStatement statement(String sql, List<@Nullable Object> params) {
    PostgresqlStatement st = connection.createStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p == null) {
        st.bindNull(i, String.class);
      } else {
        st.bind(i, p);
      }
    }
    return st;
  }

  private static Row toRow(io.r2dbc.spi.Row row, RowMetadata meta) {
    List<? extends ColumnMetadata> cols = meta.getColumnMetadatas();
    List<String> names = new ArrayList<>(cols.size());
    Object[] values = new Object[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      names.add(cols.get(i).getName());
      Object v;
      try {
        v = row.get(i);
      } catch (RuntimeException noCodec) {
        v = row.get(i, String.class);
      }
      // json as its text, as the Vert.x transport gives it (the driver's Json prints a wrapper)
      values[i] = v instanceof io.r2dbc.postgresql.codec.Json j ? j.asString() : v;
    }
    return new Row(names, values);
  }

  @Override
  public Mono<Void> cancel() {
    return connection.cancelRequest();
  }

  @Override
  public Mono<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Mono.empty();
    }
    return connection.close().onErrorResume(e -> Mono.empty());
  }

  boolean isClosed() {
    return closed.get();
  }
}
