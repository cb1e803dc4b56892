package io.pgmob.replication;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Change;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.managed.Plan;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.time.Duration;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The replication slots of the cluster ({@code cluster.replicationSlots()}), with activity and
 * lag. Lazy and cached until {@link #refresh()}.
 *
 * <pre>{@code
 * cluster.replicationSlots().create(SlotSpec.logical("cdc", "pgoutput"))
 * }</pre>
 */
public final class ReplicationSlots extends ObjectCollection<ReplicationSlot> {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,63}");

  /** How often {@link #drop(String)} checks whether a terminated walsender released the slot. */
  static final int DROP_ATTEMPTS = 20;

  static final Duration DROP_BACKOFF = Duration.ofMillis(100);

  /** The replicationslots of {@code session}, cached per session: what {@code cluster.replicationSlots()} returns. */
  public static ReplicationSlots of(SqlSession<?> session) {
    return session.state(ReplicationSlots.class, ReplicationSlots::new);
  }

  ReplicationSlots(SqlSession<?> cluster) {
    super(cluster, "replication slot");
  }

  @Override
  protected Flux<ReplicationSlot> load(SqlSession<?> c) {
    return Flux.defer(() -> c.execute(CatalogQueries.get("io/pgmob/replication/get_slots", c.version())))
        .map(r -> new ReplicationSlot(c, r));
  }

  @Override
  protected String keyOf(ReplicationSlot s) {
    return s.name();
  }

  static String validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException("replication slot name must be 1-63 lowercase letters, digits or underscores: \""
          + name + "\"");
    }
    return name;
  }

  static Sql createSql(SlotSpec spec) {
    if (spec.isLogical()) {
      return Sql.format("SELECT pg_create_logical_replication_slot({}, {}, {})", Literal.of(spec.name()),
          Literal.of(spec.plugin()), spec.temporary());
    }
    return Sql.format("SELECT pg_create_physical_replication_slot({}, {}, {})", Literal.of(spec.name()),
        spec.reserveWal(), spec.temporary());
  }

  /**
   * Creates a slot and returns it. A temporary slot lives as long as this cluster's session. A
   * logical slot is created in the current database; on a server with {@code wal_level} below
   * {@code logical} this fails with {@link WalLevelException} before anything is sent.
   */
  public Mono<ReplicationSlot> create(SlotSpec spec) {
    SqlSession<?> c = cluster();
    Mono<Void> check = !spec.isLogical() ? Mono.empty()
        : c.scalar("SELECT current_setting('wal_level')", String.class).flatMap(level -> level.equals("logical")
            ? Mono.<Void>empty() : Mono.error(new WalLevelException(spec.name(), level, c.name())));
    // outside a transaction: a logical slot waits for running transactions to build its snapshot
    Plan plan = Plan.of(Change.outsideTransaction("create " + (spec.isLogical() ? "logical" : "physical")
        + " replication slot \"" + spec.name() + "\"", createSql(spec)));
    return check.then(Plans.applyThenReload(c, plan, this::invalidate, () -> get(spec.name())));
  }

  /**
   * Terminates the session that uses slot {@code name}, if any.
   *
   * @return whether a session was terminated
   */
  public Mono<Boolean> disconnect(String name) {
    return Mono.fromCallable(() -> validateName(name))
        .flatMap(n -> cluster().scalar("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
            + " WHERE slot_name = $1 AND active_pid IS NOT NULL AND active_pid <> pg_backend_pid()", Boolean.class, n))
        .defaultIfEmpty(false)
        .doFinally(s -> invalidate());
  }

  /**
   * Drops slot {@code name}. If another session (a walsender) is using it, that session is
   * terminated first and the drop waits until the slot is released, checking {@value
   * #DROP_ATTEMPTS} times 100 ms apart and terminating again each time (a client may reconnect),
   * before failing with {@link SlotInUseException}. Waiting is done by polling rather than by
   * retrying a failing drop, because any error in this session would also release the temporary
   * slots it holds. Fails with {@link io.pgmob.error.ObjectNotFoundException} if there is no such
   * slot.
   */
  public Mono<Void> drop(String name) {
    SqlSession<?> c = cluster();
    Mono<Boolean> heldByOther = Mono.defer(() -> c.scalar("SELECT active AND active_pid <> pg_backend_pid()"
        + " FROM pg_replication_slots WHERE slot_name = $1", Boolean.class, name)).defaultIfEmpty(false);
    return Mono.fromCallable(() -> validateName(name))
        .flatMap(n -> refresh().then(Mono.defer(() -> get(n))))
        .flatMap(slot -> disconnect(name).then(heldByOther)
            .flatMap(held -> held ? Mono.error(new SlotInUseException(name, c.name())) : Mono.just(slot))
            .retryWhen(Retry.fixedDelay(DROP_ATTEMPTS - 1, DROP_BACKOFF).filter(e -> e instanceof SlotInUseException)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure())))
        .flatMap(slot -> c.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1", Long.class, name)
            // a temporary slot goes away by itself when its terminated session exits
            .flatMap(n -> n == 0 && slot.isTemporary() ? Mono.<Long>empty()
                : c.update(Sql.format("SELECT pg_drop_replication_slot({})", Literal.of(name)))))
        .doFinally(s -> invalidate())
        .then();
  }

}
