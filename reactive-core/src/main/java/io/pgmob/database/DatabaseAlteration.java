package io.pgmob.database;

import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Pending changes to one {@link Database}, as data. Immutable: each setter returns a new
 * alteration, so one can be kept as a template. Setting a property to the value it already has
 * adds no change. {@link #plan()} shows the statements; {@link #apply()} runs them.
 *
 * <pre>{@code
 * db.alter().owner("app").connectionLimit(20).rename("app2").apply()
 * }</pre>
 */
public final class DatabaseAlteration {

  private final Database target;
  private final @Nullable String owner;
  private final @Nullable String tablespace;
  private final @Nullable Integer connectionLimit;
  private final @Nullable Boolean isTemplate;
  private final @Nullable Boolean allowConnections;
  private final @Nullable String newName;

  private DatabaseAlteration(Database target, @Nullable String owner, @Nullable String tablespace,
      @Nullable Integer connectionLimit, @Nullable Boolean isTemplate, @Nullable Boolean allowConnections,
      @Nullable String newName) {
    this.target = target;
    this.owner = owner;
    this.tablespace = tablespace;
    this.connectionLimit = connectionLimit;
    this.isTemplate = isTemplate;
    this.allowConnections = allowConnections;
    this.newName = newName;
  }

  static DatabaseAlteration of(Database target) {
    return new DatabaseAlteration(target, null, null, null, null, null, null);
  }

  /** {@return the database this alters} */
  public Database target() {
    return target;
  }

  /**
   * New owner role.
   *
   * @param owner new owner role
   * @return a new alteration with this change added; this one is unchanged
   */
  public DatabaseAlteration owner(String owner) {
    Identifier.validate(owner, "owner role name");
    return new DatabaseAlteration(target, owner, tablespace, connectionLimit, isTemplate, allowConnections, newName);
  }

  /**
   * New default tablespace (moves the data; runs outside a transaction, needs no other sessions).
   *
   * @param tablespace new default tablespace (moves the data; runs outside a transaction, needs no other sessions)
   * @return a new alteration with this change added; this one is unchanged
   */
  public DatabaseAlteration tablespace(String tablespace) {
    Identifier.validate(tablespace, "tablespace name");
    return new DatabaseAlteration(target, owner, tablespace, connectionLimit, isTemplate, allowConnections, newName);
  }

  /**
   * New connection limit; -1 for none.
   *
   * @param limit new connection limit; -1 for none
   * @return a new alteration with this change added; this one is unchanged
   */
  public DatabaseAlteration connectionLimit(int limit) {
    if (limit < -1) {
      throw new InvalidInputException("connection limit must be -1 (no limit) or more, not " + limit);
    }
    return new DatabaseAlteration(target, owner, tablespace, limit, isTemplate, allowConnections, newName);
  }

  /**
   * Whether it is a template.
   *
   * @param isTemplate whether it is a template
   * @return a new alteration with this change added; this one is unchanged
   */
  public DatabaseAlteration template(boolean isTemplate) {
    return new DatabaseAlteration(target, owner, tablespace, connectionLimit, isTemplate, allowConnections, newName);
  }

  /**
   * Whether it accepts new connections.
   *
   * @param allow whether it accepts new connections
   * @return a new alteration with this change added; this one is unchanged
   */
  public DatabaseAlteration allowConnections(boolean allow) {
    return new DatabaseAlteration(target, owner, tablespace, connectionLimit, isTemplate, allow, newName);
  }

  /**
   * A new name (runs last; the database must have no sessions and not be the current one).
   *
   * @param newName a new name (runs last; the database must have no sessions and not be the current one)
   * @return a new alteration with this change added; this one is unchanged
   */
  public DatabaseAlteration rename(String newName) {
    Identifier.validate(newName, "database name");
    return new DatabaseAlteration(target, owner, tablespace, connectionLimit, isTemplate, allowConnections, newName);
  }

  /** {@return the statements this alteration would run, in order; empty when nothing differs} */
  public Plan plan() {
    Identifier db = Identifier.of(target.name());
    String n = "database \"" + target.name() + "\"";
    List<Change> out = new ArrayList<>();
    if (owner != null && !owner.equals(target.owner())) {
      out.add(target.ownerChange(owner));
    }
    if (connectionLimit != null && connectionLimit != target.connectionLimit()) {
      out.add(Change.of("set connection limit of " + n + " to " + connectionLimit,
          Sql.format("ALTER DATABASE {} CONNECTION LIMIT {}", db, connectionLimit)));
    }
    if (isTemplate != null && isTemplate != target.isTemplate()) {
      out.add(Change.of("set IS_TEMPLATE " + isTemplate + " on " + n,
          Sql.format("ALTER DATABASE {} IS_TEMPLATE {}", db, isTemplate)));
    }
    if (allowConnections != null && allowConnections != target.allowConnections()) {
      out.add(Change.of((allowConnections ? "allow" : "disallow") + " connections to " + n,
          Sql.format("ALTER DATABASE {} ALLOW_CONNECTIONS {}", db, allowConnections)));
    }
    if (tablespace != null && !tablespace.equals(target.tablespace())) {
      out.add(Change.outsideTransaction("move " + n + " to tablespace \"" + tablespace + "\"",
          Sql.format("ALTER DATABASE {} SET TABLESPACE {}", db, Identifier.of(tablespace))));
    }
    if (newName != null && !newName.equals(target.name())) {
      out.add(Change.of("rename " + n + " to \"" + newName + "\"",
          Sql.format("ALTER DATABASE {} RENAME TO {}", db, Identifier.of(newName))));
    }
    return new Plan(out);
  }

  /**
   * Runs the plan (transactional changes in one transaction) and returns the database as it is
   * now. Renaming a database with sessions fails with {@link DatabaseInUseException}.
   */
  public Mono<Database> apply() {
    Databases dbs = Databases.of(target.cluster());
    String name = newName != null ? newName : target.name();
    return Mono.fromCallable(this::plan)
        .flatMap(plan -> Plans.applyThenReload(target.cluster(), plan, dbs::changed, () -> dbs.get(name)))
        .onErrorMap(e -> Databases.inUse(e, target.name()));
  }

  @Override
  public String toString() {
    return plan().toString();
  }
}
