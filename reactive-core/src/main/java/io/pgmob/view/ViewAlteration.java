package io.pgmob.view;

import io.pgmob.error.InvalidInputException;
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
 * Pending changes to one {@link View}, as data; immutable. A new definition of a plain view is
 * {@code CREATE OR REPLACE VIEW} (the server requires the same leading columns); a materialized
 * view is dropped and recreated (and repopulated) in the same transaction, keeping its owner.
 */
public final class ViewAlteration {

  private final View target;
  private final @Nullable String owner;
  private final @Nullable String definition;
  private final @Nullable String newName;
  private final @Nullable String newSchema;

  private ViewAlteration(View target, @Nullable String owner, @Nullable String definition, @Nullable String newName,
      @Nullable String newSchema) {
    this.target = target;
    this.owner = owner;
    this.definition = definition;
    this.newName = newName;
    this.newSchema = newSchema;
  }

  static ViewAlteration of(View v) {
    return new ViewAlteration(v, null, null, null, null);
  }

  /**
   * New owner role.
   *
   * @param owner new owner role
   * @return a new alteration with this change added; this one is unchanged
   */
  public ViewAlteration owner(String owner) {
    Identifier.validate(owner, "owner role name");
    return new ViewAlteration(target, owner, definition, newName, newSchema);
  }

  /**
   * A new query (SQL text, trusted: it is sent as written).
   *
   * @param query a new query (SQL text, trusted: it is sent as written)
   * @return a new alteration with this change added; this one is unchanged
   */
  public ViewAlteration definition(String query) {
    if (query.isBlank()) {
      throw new InvalidInputException("a view definition must not be empty");
    }
    return new ViewAlteration(target, owner, query, newName, newSchema);
  }

  /**
   * A new name in the same schema.
   *
   * @param newName a new name in the same schema
   * @return a new alteration with this change added; this one is unchanged
   */
  public ViewAlteration rename(String newName) {
    Identifier.validate(newName, "view name");
    return new ViewAlteration(target, owner, definition, newName, newSchema);
  }

  /**
   * Moves the view to another schema.
   *
   * @param newSchema moves the view to another schema
   * @return a new alteration with this change added; this one is unchanged
   */
  public ViewAlteration schema(String newSchema) {
    Identifier.validate(newSchema, "schema name");
    return new ViewAlteration(target, owner, definition, newName, newSchema);
  }

  /** {@return the statements this would run; empty when nothing differs} */
  public Plan plan() {
    QualifiedName q = target.qualifiedName();
    List<Change> out = new ArrayList<>();
    boolean recreated = false;
    if (definition != null && !definition.strip().equals(target.definition().strip())) {
      if (target.isMaterialized()) {
        out.add(Change.of("drop " + target.kind() + " " + q + " to redefine it",
            Sql.format("DROP MATERIALIZED VIEW {}", q)));
        out.add(Change.of("recreate " + target.kind() + " " + q, Views.createSql(q, definition, true)));
        out.add(target.ownerChange(owner != null ? owner : target.owner()));
        recreated = true;
      } else {
        out.add(Change.of("redefine view " + q, Sql.format("CREATE OR REPLACE VIEW {} AS ", q)
            .append(Sql.raw(Views.trimmed(definition)))));
      }
    }
    if (!recreated && owner != null && !owner.equals(target.owner())) {
      out.add(target.ownerChange(owner));
    }
    out.addAll(target.renameAndMoveChanges(newName, newSchema));
    return new Plan(out);
  }

  /** Runs the plan in one transaction and returns the view as it is now. */
  public Mono<View> apply() {
    Views v = Views.of(target.cluster());
    String schema = newSchema != null ? newSchema : target.schema();
    String name = newName != null ? newName : target.name();
    return Mono.fromCallable(this::plan)
        .flatMap(p -> Plans.applyThenReload(target.cluster(), p, v::changed, () -> v.get(schema, name)));
  }

  @Override
  public String toString() {
    return plan().toString();
  }
}
