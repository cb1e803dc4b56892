package io.pgmob.schema;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.managed.NamedObject;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** A schema of the current database: an immutable snapshot. */
public final class Schema extends NamedObject {


  Schema(SqlSession<?> cluster, Row r) {
    super(cluster, r);
  }

  @Override
  protected String keyword() {
    return "SCHEMA";
  }

  /** Pending changes, none yet. */
  public Alteration alter() {
    return new Alteration(this, null, null);
  }

  /** Drops the schema; with {@code cascade}, also everything in it. */
  public Mono<Void> drop(boolean cascade) {
    Schemas s = Schemas.of(cluster());
    return Plans.apply(cluster(), Plan.of(dropChange(cascade)), s::changed).then();
  }

  /** Reads it again. */
  public Mono<Schema> refresh() {
    return Schemas.of(cluster()).refresh().then(Mono.defer(() -> Schemas.of(cluster()).get(name())));
  }

  /** {@return {@code CREATE SCHEMA "name" AUTHORIZATION "owner";}} */
  public Mono<String> script() {
    return Mono.fromSupplier(() -> Sql.format("CREATE SCHEMA {} AUTHORIZATION {};", Identifier.of(name()),
        Identifier.of(owner())).text());
  }

  @Override
  public String toString() {
    return "Schema[" + name() + ", owner " + owner() + "]";
  }

  /**
   * Pending changes to a schema, as data; immutable.
   *
   * <pre>{@code schema.alter().owner("app").rename("app_data").apply()}</pre>
   */
  public static final class Alteration {
    private final Schema target;
    private final @Nullable String owner;
    private final @Nullable String newName;

    private Alteration(Schema target, @Nullable String owner, @Nullable String newName) {
      this.target = target;
      this.owner = owner;
      this.newName = newName;
    }

    /** New owner role. */
    public Alteration owner(String owner) {
      Identifier.validate(owner, "owner role name");
      return new Alteration(target, owner, newName);
    }

    /** New name (runs last). */
    public Alteration rename(String newName) {
      Identifier.validate(newName, "schema name");
      return new Alteration(target, owner, newName);
    }

    /** {@return the statements this would run; empty when nothing differs} */
    public Plan plan() {
      List<Change> out = new ArrayList<>();
      if (owner != null && !owner.equals(target.owner())) {
        out.add(target.ownerChange(owner));
      }
      if (newName != null && !newName.equals(target.name())) {
        out.add(target.renameChange(newName));
      }
      return new Plan(out);
    }

    /** Runs the plan in one transaction and returns the schema as it is now. */
    public Mono<Schema> apply() {
      Schemas s = Schemas.of(target.cluster());
      return Mono.fromCallable(this::plan).flatMap(p -> Plans.applyThenReload(target.cluster(), p, s::changed, () -> s.get(newName != null ? newName : target.name())));
    }

    @Override
    public String toString() {
      return plan().toString();
    }
  }
}
