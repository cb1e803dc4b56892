package io.pgmob.table;

import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Pending changes to one {@link Table}, as data. Immutable; properties equal to the current ones
 * add no change. Order: owner, tablespace, row security, rename, then the move to another schema.
 */
public final class TableAlteration {

  private final Table target;
  private final @Nullable String owner;
  private final @Nullable String tablespace;
  private final @Nullable Boolean rowSecurity;
  private final @Nullable String newName;
  private final @Nullable String newSchema;

  private TableAlteration(Table target, @Nullable String owner, @Nullable String tablespace,
      @Nullable Boolean rowSecurity, @Nullable String newName, @Nullable String newSchema) {
    this.target = target;
    this.owner = owner;
    this.tablespace = tablespace;
    this.rowSecurity = rowSecurity;
    this.newName = newName;
    this.newSchema = newSchema;
  }

  static TableAlteration of(Table t) {
    return new TableAlteration(t, null, null, null, null, null);
  }

  /**
   * New owner role.
   *
   * @param owner new owner role
   * @return a new alteration with this change added; this one is unchanged
   */
  public TableAlteration owner(String owner) {
    Identifier.validate(owner, "owner role name");
    return new TableAlteration(target, owner, tablespace, rowSecurity, newName, newSchema);
  }

  /**
   * Moves the table's data to another tablespace.
   *
   * @param tablespace moves the table's data to another tablespace
   * @return a new alteration with this change added; this one is unchanged
   */
  public TableAlteration tablespace(String tablespace) {
    Identifier.validate(tablespace, "tablespace name");
    return new TableAlteration(target, owner, tablespace, rowSecurity, newName, newSchema);
  }

  /**
   * Enables or disables row-level security.
   *
   * @param enabled enables or disables row-level security
   * @return a new alteration with this change added; this one is unchanged
   */
  public TableAlteration rowSecurity(boolean enabled) {
    return new TableAlteration(target, owner, tablespace, enabled, newName, newSchema);
  }

  /**
   * A new name in the same schema.
   *
   * @param newName a new name in the same schema
   * @return a new alteration with this change added; this one is unchanged
   */
  public TableAlteration rename(String newName) {
    Identifier.validate(newName, "table name");
    return new TableAlteration(target, owner, tablespace, rowSecurity, newName, newSchema);
  }

  /**
   * Moves the table to another schema.
   *
   * @param newSchema moves the table to another schema
   * @return a new alteration with this change added; this one is unchanged
   */
  public TableAlteration schema(String newSchema) {
    Identifier.validate(newSchema, "schema name");
    return new TableAlteration(target, owner, tablespace, rowSecurity, newName, newSchema);
  }

  /** {@return the statements this would run; empty when nothing differs} */
  public Plan plan() {
    QualifiedName q = target.qualifiedName();
    List<Change> out = new ArrayList<>();
    if (owner != null && !owner.equals(target.owner())) {
      out.add(target.ownerChange(owner));
    }
    String currentTs = target.tablespace() == null ? "pg_default" : target.tablespace();
    if (tablespace != null && !tablespace.equals(currentTs) && !(target.tablespace() == null && tablespace.equals("pg_default"))) {
      out.add(Change.of("move table " + q + " to tablespace \"" + tablespace + "\"",
          Sql.format("ALTER TABLE {} SET TABLESPACE {}", q, Identifier.of(tablespace))));
    }
    if (rowSecurity != null && rowSecurity != target.rowSecurity()) {
      out.add(Change.of((rowSecurity ? "enable" : "disable") + " row security on table " + q,
          Sql.format(rowSecurity ? "ALTER TABLE {} ENABLE ROW LEVEL SECURITY" : "ALTER TABLE {} DISABLE ROW LEVEL SECURITY", q)));
    }
    out.addAll(target.renameAndMoveChanges(newName, newSchema));
    return new Plan(out);
  }

  /** Runs the plan in one transaction and returns the table as it is now. */
  public Mono<Table> apply() {
    Tables t = Tables.of(target.cluster());
    String schema = newSchema != null ? newSchema : target.schema();
    String name = newName != null ? newName : target.name();
    return Mono.fromCallable(this::plan)
        .flatMap(p -> Plans.applyThenReload(target.cluster(), p, t::changed, () -> t.get(schema, name)));
  }

  @Override
  public String toString() {
    return plan().toString();
  }
}
