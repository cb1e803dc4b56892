package io.pgmob.view;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.Plan;
import io.pgmob.managed.SchemaObject;
import io.pgmob.managed.Plans;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** A view or materialized view of the current database: an immutable snapshot. */
public final class View extends SchemaObject {

  private final boolean materialized;
  private final String definition;
  private final @Nullable String tablespace;

  View(SqlSession<?> cluster, Row r) {
    super(cluster, r);
    this.materialized = Boolean.TRUE.equals(r.getBoolean("materialized"));
    this.definition = Objects.requireNonNull(r.getString("definition"));
    this.tablespace = r.getString("tablespace");
  }

  /** {@return whether it is a materialized view} */
  public boolean isMaterialized() {
    return materialized;
  }

  /** {@return the query, as the server prints it ({@code pg_get_viewdef})} */
  public String definition() {
    return definition;
  }

  /** {@return A materialized view's tablespace; null for the default} */
  public @Nullable String tablespace() {
    return tablespace;
  }

  /** {@code VIEW} or {@code MATERIALIZED VIEW}. */
  @Override
  protected String keyword() {
    return materialized ? "MATERIALIZED VIEW" : "VIEW";
  }

  String kind() {
    return materialized ? "materialized view" : "view";
  }

  /** Pending changes, none yet. */
  public ViewAlteration alter() {
    return ViewAlteration.of(this);
  }

  /** Drops the view; with {@code cascade}, also what depends on it. */
  public Mono<Void> drop(boolean cascade) {
    Views v = Views.of(cluster());
    return Plans.apply(cluster(), Plan.of(dropChange(cascade)), v::changed).then();
  }

  /** Reads it again. */
  public Mono<View> refresh() {
    return Views.of(cluster()).refresh().then(Mono.defer(() -> Views.of(cluster()).get(schema(), name())));
  }

  /** {@return {@code CREATE [MATERIALIZED] VIEW ... AS <definition>} and its owner} */
  public Mono<String> script() {
    return Mono.fromSupplier(() -> Views.createSql(qualifiedName(), definition, materialized).text() + ";\n"
        + ownerChange(owner()).sql().text() + ";\n");
  }

  @Override
  public String toString() {
    return (materialized ? "MaterializedView[" : "View[") + schema() + "." + name() + ", owner " + owner() + "]";
  }
}
