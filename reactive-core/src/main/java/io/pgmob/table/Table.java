package io.pgmob.table;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Plan;
import io.pgmob.managed.SchemaObject;
import io.pgmob.managed.Plans;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A table (ordinary or partitioned) of the current database: an immutable snapshot.
 *
 * <pre>{@code
 * cluster.tables().get("app", "orders").flatMap(t -> t.alter().owner("app").rowSecurity(true).apply())
 * }</pre>
 */
public final class Table extends SchemaObject {

  private final @Nullable String tablespace;
  private final boolean rowSecurity;
  private final boolean forceRowSecurity;
  private final boolean partitioned;
  private final boolean partition;
  private final long estimatedRows;

  Table(SqlSession<?> cluster, Row r) {
    super(cluster, r);
    this.tablespace = r.getString("tablespace");
    this.rowSecurity = Boolean.TRUE.equals(r.getBoolean("row_security"));
    this.forceRowSecurity = Boolean.TRUE.equals(r.getBoolean("force_row_security"));
    this.partitioned = Boolean.TRUE.equals(r.getBoolean("partitioned"));
    this.partition = Boolean.TRUE.equals(r.getBoolean("partition"));
    Long rows = r.getLong("estimated_rows");
    this.estimatedRows = rows == null ? -1 : rows;
  }

  /** {@return the table's tablespace; null for the database default} */
  public @Nullable String tablespace() {
    return tablespace;
  }

  /** {@return whether row-level security is enabled} */
  public boolean rowSecurity() {
    return rowSecurity;
  }

  /** {@return whether row-level security applies to the owner too} */
  public boolean forceRowSecurity() {
    return forceRowSecurity;
  }

  /** {@return whether it is a partitioned table} */
  public boolean isPartitioned() {
    return partitioned;
  }

  /** {@return whether it is a partition of another table} */
  public boolean isPartition() {
    return partition;
  }

  /** {@return the planner's row estimate ({@code reltuples}); -1 when never analyzed (14+)} */
  public long estimatedRows() {
    return estimatedRows;
  }

  @Override
  protected String keyword() {
    return "TABLE";
  }

  /** Pending changes, none yet. */
  public TableAlteration alter() {
    return TableAlteration.of(this);
  }

  /** Drops the table; with {@code cascade}, also the views and constraints that depend on it. */
  public Mono<Void> drop(boolean cascade) {
    Tables t = Tables.of(cluster());
    return Plans.apply(cluster(), Plan.of(dropChange(cascade)), t::changed).then();
  }

  /** Reads it again. */
  public Mono<Table> refresh() {
    return Tables.of(cluster()).refresh().then(Mono.defer(() -> Tables.of(cluster()).get(schema(), name())));
  }

  /**
   * The DDL that recreates this table's structure (no data): {@code CREATE TABLE} with columns,
   * types, defaults, identity and generated columns, {@code NOT NULL}, the primary key and other
   * constraints (check, unique, foreign key, exclusion), partitioning, tablespace; then its other
   * indexes, row security and owner. Sequences a column default uses are not included.
   */
  public Mono<String> script() {
    SqlSession<?> c = cluster();
    long oid = oid();
    Mono<List<Row>> columns = c.list(CatalogQueries.get("io/pgmob/table/get_table_columns", c.version()), oid);
    Mono<List<Row>> constraints = c.list(CatalogQueries.get("io/pgmob/table/get_table_constraints", c.version()), oid);
    Mono<List<Row>> indexes = c.list(CatalogQueries.get("io/pgmob/table/get_table_indexes", c.version()), oid);
    Mono<List<Row>> extras = c.list(CatalogQueries.get("io/pgmob/table/get_table_extras", c.version()), oid);
    return Mono.zip(columns, constraints, indexes, extras).map(t -> {
      StringBuilder sb = new StringBuilder();
      Row extra = t.getT4().isEmpty() ? null : t.getT4().get(0);
      String parent = extra == null ? null : extra.getString("parent");
      sb.append("CREATE TABLE ").append(qualifiedName().text());
      List<String> items = new ArrayList<>();
      if (parent == null) {
        for (Row col : t.getT1()) {
          StringBuilder line = new StringBuilder("    ").append(Identifier.of(col.getString("name")).text())
              .append(' ').append(col.getString("type"));
          String identity = col.getString("identity");
          String generated = col.getString("generated");
          String def = col.getString("default_expr");
          if ("s".equals(generated) && def != null) {
            line.append(" GENERATED ALWAYS AS (").append(def).append(") STORED");
          } else if ("v".equals(generated) && def != null) {
            line.append(" GENERATED ALWAYS AS (").append(def).append(") VIRTUAL");
          } else if ("a".equals(identity)) {
            line.append(" GENERATED ALWAYS AS IDENTITY");
          } else if ("d".equals(identity)) {
            line.append(" GENERATED BY DEFAULT AS IDENTITY");
          } else if (def != null) {
            line.append(" DEFAULT ").append(def);
          }
          if (Boolean.TRUE.equals(col.getBoolean("not_null"))) {
            line.append(" NOT NULL");
          }
          items.add(line.toString());
        }
      }
      for (Row con : t.getT2()) {
        items.add("    CONSTRAINT " + Identifier.of(con.getString("name")).text() + " " + con.getString("definition"));
      }
      if (parent != null) {
        sb.append(" PARTITION OF ").append(parent);
        if (!items.isEmpty()) {
          sb.append(" (\n").append(String.join(",\n", items)).append("\n)");
        }
        sb.append(' ').append(extra.getString("partition_bound"));
      } else {
        sb.append(" (\n").append(String.join(",\n", items)).append("\n)");
      }
      if (extra != null && extra.getString("partition_key") != null) {
        sb.append(" PARTITION BY ").append(extra.getString("partition_key"));
      }
      if (tablespace != null) {
        sb.append(" TABLESPACE ").append(Identifier.of(tablespace).text());
      }
      sb.append(";\n");
      for (Row idx : t.getT3()) {
        sb.append(idx.getString("definition")).append(";\n");
      }
      if (rowSecurity) {
        sb.append(Sql.format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY", qualifiedName()).text()).append(";\n");
      }
      if (forceRowSecurity) {
        sb.append(Sql.format("ALTER TABLE {} FORCE ROW LEVEL SECURITY", qualifiedName()).text()).append(";\n");
      }
      sb.append(ownerChange(owner()).sql().text()).append(";\n");
      return sb.toString();
    });
  }

  @Override
  public String toString() {
    return "Table[" + schema() + "." + name() + ", owner " + owner() + (rowSecurity ? ", row security" : "") + "]";
  }
}
