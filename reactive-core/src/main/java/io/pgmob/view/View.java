package io.pgmob.view;

import io.pgmob.Cluster;
import io.pgmob.Row;
import io.pgmob.managed.Change;
import io.pgmob.managed.Plan;
import io.pgmob.objects.OwnedObject;
import io.pgmob.objects.internal.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.QualifiedName;
import io.pgmob.sql.Sql;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** A view or materialized view of the current database: an immutable snapshot. */
public final class View implements OwnedObject {

  private final Cluster cluster;
  private final long oid;
  private final String schema;
  private final String name;
  private final String owner;
  private final boolean materialized;
  private final String definition;
  private final @Nullable String tablespace;

  View(Cluster cluster, Row r) {
    this.cluster = cluster;
    this.oid = Objects.requireNonNull(r.getLong("oid"));
    this.schema = Objects.requireNonNull(r.getString("schema"));
    this.name = Objects.requireNonNull(r.getString("name"));
    this.owner = Objects.requireNonNull(r.getString("owner"));
    this.materialized = Boolean.TRUE.equals(r.getBoolean("materialized"));
    this.definition = Objects.requireNonNull(r.getString("definition"));
    this.tablespace = r.getString("tablespace");
  }

  /** The cluster this snapshot was read from. */
  public Cluster cluster() {
    return cluster;
  }

  /** The object identifier in the catalog. */
  public long oid() {
    return oid;
  }

  /** The schema it lives in. */
  public String schema() {
    return schema;
  }

  /** The name, as stored in the catalog (unquoted). */
  public String name() {
    return name;
  }

  /** {@code "schema"."name"}. */
  public QualifiedName qualifiedName() {
    return QualifiedName.of(schema, name);
  }

  @Override
  public String owner() {
    return owner;
  }

  /** Whether it is a materialized view. */
  public boolean isMaterialized() {
    return materialized;
  }

  /** The query, as the server prints it ({@code pg_get_viewdef}). */
  public String definition() {
    return definition;
  }

  /** A materialized view's tablespace; null for the default. */
  public @Nullable String tablespace() {
    return tablespace;
  }

  /** {@code VIEW} or {@code MATERIALIZED VIEW}. */
  String keyword() {
    return materialized ? "MATERIALIZED VIEW" : "VIEW";
  }

  String kind() {
    return materialized ? "materialized view" : "view";
  }

  @Override
  public Change ownerChange(String newOwner) {
    return Change.of("set owner of " + kind() + " " + qualifiedName() + " to \"" + newOwner + "\"",
        Sql.format("ALTER " + keyword() + " {} OWNER TO {}", qualifiedName(), Identifier.of(newOwner)));
  }

  /** Pending changes, none yet. */
  public ViewAlteration alter() {
    return ViewAlteration.of(this);
  }

  /** Drops the view; with {@code cascade}, also what depends on it. */
  public Mono<Void> drop(boolean cascade) {
    Views v = cluster.views();
    return Plans.apply(cluster, Plan.of(Change.of("drop " + kind() + " " + qualifiedName(),
        Sql.format("DROP " + keyword() + " {}" + (cascade ? " CASCADE" : ""), qualifiedName()))), v::changed).then();
  }

  /** Reads it again. */
  public Mono<View> refresh() {
    return cluster.views().refresh().then(Mono.defer(() -> cluster.views().get(schema, name)));
  }

  /** {@code CREATE [MATERIALIZED] VIEW ... AS <definition>} and its owner. */
  public Mono<String> script() {
    return Mono.fromSupplier(() -> Views.createSql(qualifiedName(), definition, materialized).text() + ";\n"
        + ownerChange(owner).sql().text() + ";\n");
  }

  @Override
  public String toString() {
    return (materialized ? "MaterializedView[" : "View[") + schema + "." + name + ", owner " + owner + "]";
  }
}
