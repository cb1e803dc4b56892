package io.pgmob.replication;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A replication slot: an immutable snapshot of {@code pg_replication_slots} with the lag behind
 * the current WAL position.
 *
 * <pre>{@code
 * cluster.replicationSlots().all().filter(s -> s.lagBytes() > 10L << 30).map(ReplicationSlot::name)
 * }</pre>
 */
public final class ReplicationSlot {

  private final SqlSession<?> cluster;
  private final String name;
  private final boolean logical;
  private final @Nullable String plugin;
  private final @Nullable String database;
  private final boolean temporary;
  private final boolean active;
  private final @Nullable Integer activePid;
  private final @Nullable String restartLsn;
  private final @Nullable String confirmedFlushLsn;
  private final @Nullable Long lagBytes;
  private final @Nullable String walStatus;

  ReplicationSlot(SqlSession<?> cluster, Row r) {
    this.cluster = cluster;
    this.name = Objects.requireNonNull(r.getString("name"));
    this.logical = "logical".equals(r.getString("type"));
    this.plugin = r.getString("plugin");
    this.database = r.getString("database");
    this.temporary = Boolean.TRUE.equals(r.getBoolean("temporary"));
    this.active = Boolean.TRUE.equals(r.getBoolean("active"));
    this.activePid = r.getInt("active_pid");
    this.restartLsn = r.getString("restart_lsn");
    this.confirmedFlushLsn = r.getString("confirmed_flush_lsn");
    this.lagBytes = r.getLong("lag_bytes");
    this.walStatus = r.getString("wal_status");
  }

  /** {@return the cluster this snapshot was read from} */
  public SqlSession<?> cluster() {
    return cluster;
  }

  /** {@return the name, as stored in the catalog (unquoted)} */
  public String name() {
    return name;
  }

  /** {@return whether it is a logical slot (else physical)} */
  public boolean isLogical() {
    return logical;
  }

  /** {@return the output plugin of a logical slot, e.g. {@code pgoutput}; null for physical slots} */
  public @Nullable String plugin() {
    return plugin;
  }

  /** {@return the database of a logical slot; null for physical slots} */
  public @Nullable String database() {
    return database;
  }

  /** {@return whether it lives only as long as the session that created it} */
  public boolean isTemporary() {
    return temporary;
  }

  /** {@return whether a walsender (or other session) is using it now} */
  public boolean isActive() {
    return active;
  }

  /** {@return the pid of the session using it; null when inactive} */
  public @Nullable Integer activePid() {
    return activePid;
  }

  /** {@return the oldest WAL position the slot keeps; null if it reserves none yet} */
  public @Nullable String restartLsn() {
    return restartLsn;
  }

  /** {@return A logical slot's confirmed flush position} */
  public @Nullable String confirmedFlushLsn() {
    return confirmedFlushLsn;
  }

  /**
   * Bytes of WAL the slot holds back: from its restart LSN to the current WAL position (the last
   * received one on a standby). Null when it reserves no WAL.
   */
  public @Nullable Long lagBytes() {
    return lagBytes;
  }

  /** {@return {@code reserved}, {@code extended}, {@code unreserved} or {@code lost} (13+); null before} */
  public @Nullable String walStatus() {
    return walStatus;
  }

  /** See {@link ReplicationSlots#drop(String)}. */
  public Mono<Void> drop() {
    return ReplicationSlots.of(cluster).drop(name);
  }

  /** Terminates the session using the slot, if any; see {@link ReplicationSlots#disconnect(String)}. */
  public Mono<Boolean> disconnect() {
    return ReplicationSlots.of(cluster).disconnect(name);
  }

  /** Reads it again. */
  public Mono<ReplicationSlot> refresh() {
    return ReplicationSlots.of(cluster).refresh().then(Mono.defer(() -> ReplicationSlots.of(cluster).get(name)));
  }

  /** {@return the spec that recreates this slot} */
  public SlotSpec toSpec() {
    return logical ? SlotSpec.logical(name, Objects.requireNonNull(plugin)).temporary(temporary)
        : SlotSpec.physical(name).temporary(temporary).reserveWal(restartLsn != null);
  }

  /**
   * The statement that recreates it: {@code SELECT pg_create_logical_replication_slot(...)} or
   * {@code pg_create_physical_replication_slot(...)} (logical slots must be created in {@link
   * #database()}).
   */
  public Mono<String> script() {
    return Mono.fromSupplier(() -> ReplicationSlots.createSql(toSpec()).text() + ";");
  }

  @Override
  public String toString() {
    return "ReplicationSlot[" + name + ", " + (logical ? "logical " + plugin + " on " + database : "physical")
        + (temporary ? ", temporary" : "") + (active ? ", active pid " + activePid : "") + ", lag " + lagBytes + " B]";
  }

}
