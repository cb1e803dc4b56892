package io.pgmob.database;

import io.pgmob.session.SqlSession;
import io.pgmob.session.Row;
import io.pgmob.managed.Plan;
import io.pgmob.managed.NamedObject;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A database as the catalog showed it when loaded: an immutable snapshot. Changes go through
 * {@link #alter()}; {@link #refresh()} reads it again.
 *
 * <pre>{@code
 * cluster.databases().get("app")
 *     .flatMap(db -> db.alter().owner("app_owner").connectionLimit(50).apply())
 * }</pre>
 */
public final class Database extends NamedObject {

  private final String encoding;
  private final String collation;
  private final String ctype;
  private final String localeProvider;
  private final @Nullable String locale;
  private final String tablespace;
  private final int connectionLimit;
  private final boolean template;
  private final boolean allowConnections;

  Database(SqlSession<?> cluster, Row r) {
    super(cluster, r);
    this.encoding = Objects.requireNonNull(r.getString("encoding"));
    this.collation = Objects.requireNonNull(r.getString("collation"));
    this.ctype = Objects.requireNonNull(r.getString("ctype"));
    this.localeProvider = Objects.requireNonNull(r.getString("locale_provider"));
    this.locale = r.getString("locale");
    this.tablespace = Objects.requireNonNull(r.getString("tablespace"));
    this.connectionLimit = Objects.requireNonNull(r.getInt("connection_limit"));
    this.template = Boolean.TRUE.equals(r.getBoolean("is_template"));
    this.allowConnections = Boolean.TRUE.equals(r.getBoolean("allow_connections"));
  }

  /** Character set, for example {@code UTF8}. Read-only after creation. */
  public String encoding() {
    return encoding;
  }

  /** {@return {@code LC_COLLATE}. Read-only after creation} */
  public String collation() {
    return collation;
  }

  /** {@return {@code LC_CTYPE}. Read-only after creation} */
  public String ctype() {
    return ctype;
  }

  /** {@return {@code libc}, {@code icu} (15+) or {@code builtin} (17+). Read-only after creation} */
  public String localeProvider() {
    return localeProvider;
  }

  /** {@return the ICU or builtin locale; null with the libc provider. Read-only after creation} */
  public @Nullable String locale() {
    return locale;
  }

  /** {@return the default tablespace} */
  public String tablespace() {
    return tablespace;
  }

  /** Maximum concurrent connections; -1 for no limit. */
  public int connectionLimit() {
    return connectionLimit;
  }

  /** {@return whether any role with CREATEDB may clone it} */
  public boolean isTemplate() {
    return template;
  }

  /** {@return whether new connections are accepted} */
  public boolean allowConnections() {
    return allowConnections;
  }

  /** Pending changes to this database, none yet. */
  public DatabaseAlteration alter() {
    return DatabaseAlteration.of(this);
  }

  @Override
  protected String keyword() {
    return "DATABASE";
  }

  /** Refuses new connections ({@code ALLOW_CONNECTIONS false}); sessions already open stay. */
  public Mono<Database> disable() {
    return alter().allowConnections(false).apply();
  }

  /** Accepts new connections again. */
  public Mono<Database> enable() {
    return alter().allowConnections(true).apply();
  }

  /**
   * Drops the database. Fails with {@link DatabaseInUseException} if other sessions are connected
   * (nothing is dropped then); see {@link #drop(boolean)}.
   */
  public Mono<Void> drop() {
    return drop(false);
  }

  /**
   * Drops the database, first terminating the sessions connected to it when {@code
   * terminateSessions} ({@code WITH (FORCE)} on PostgreSQL 13+). Runs outside a transaction.
   * Fails with {@link DatabaseInUseException} when sessions remain.
   */
  public Mono<Void> drop(boolean terminateSessions) {
    return Databases.of(cluster()).drop(name(), terminateSessions);
  }

  /** Reads this database again; fails with {@link io.pgmob.error.ObjectNotFoundException} if it is gone. */
  public Mono<Database> refresh() {
    return Databases.of(cluster()).refresh().then(Mono.defer(() -> Databases.of(cluster()).get(name())));
  }

  /**
   * The DDL that recreates this database with its options: {@code CREATE DATABASE ... TEMPLATE
   * template0 ...} followed by {@code ALTER DATABASE} for what CREATE cannot say.
   */
  public Mono<String> script() {
    return Mono.fromSupplier(() -> {
      DatabaseSpec spec = toSpec();
      Plan plan = Databases.createPlan(spec, true);
      return String.join("\n", plan.statements());
    });
  }

  /** {@return A spec that describes this database as it is} */
  public DatabaseSpec toSpec() {
    DatabaseSpec.Builder b = DatabaseSpec.builder(name()).owner(owner()).encoding(encoding).collation(collation)
        .ctype(ctype).tablespace(tablespace).connectionLimit(connectionLimit).isTemplate(template)
        .allowConnections(allowConnections);
    if (!localeProvider.equals("libc")) {
      b.localeProvider(localeProvider);
      if (locale != null) {
        b.locale(locale);
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "Database[" + name() + ", owner " + owner() + ", " + encoding + ", tablespace " + tablespace
        + ", connection limit " + connectionLimit + (template ? ", template" : "")
        + (allowConnections ? "" : ", connections disabled") + "]";
  }
}
