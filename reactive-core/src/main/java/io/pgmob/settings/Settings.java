package io.pgmob.settings;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.ObjectCollection;
import io.pgmob.session.Row;
import io.pgmob.sql.Identifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The settings of a cluster: {@code cluster.settings()}. Lazy and cached like every collection
 * ({@link #refresh()} re-reads); keyed by setting name (lower case, as in {@code pg_settings}).
 *
 * <pre>{@code
 * cluster.settings().get("shared_buffers").map(Setting::valueWithUnit);
 * cluster.settings().alter().set("log_min_duration_statement", "250ms").apply();
 * cluster.settings().alterDatabase("app").set("statement_timeout", "30s").apply();
 * cluster.settings().roleSettings("app")     // Map name -> value from ALTER ROLE app SET ...
 * }</pre>
 *
 * <p>Reading works for every role; {@code ALTER SYSTEM} needs a superuser (or, on 15+, a {@code
 * GRANT ALTER SYSTEM ON PARAMETER}).
 */
public final class Settings extends ObjectCollection<Setting> {

  /** The settings of {@code session}, cached per session: what {@code cluster.settings()} returns. */
  public static Settings of(SqlSession<?> session) {
    return session.state(Settings.class, Settings::new);
  }

  Settings(SqlSession<?> cluster) {
    super(cluster, "setting");
  }

  @Override
  protected Flux<Setting> load(SqlSession<?> via) {
    return via.query(CatalogQueries.get("io/pgmob/settings/get_settings", via.version()), Settings::map);
  }

  private static Setting map(Row r) {
    List<String> enums = r.getStringList("enumvals");
    return new Setting(r.getString("name"), r.getString("setting"), r.getString("unit"), r.getString("vartype"),
        r.getString("context"), r.getString("source"), r.getString("boot_val"), r.getString("reset_val"),
        Boolean.TRUE.equals(r.getBoolean("pending_restart")), r.getString("min_val"), r.getString("max_val"),
        enums == null ? List.of() : enums, Objects.toString(r.getString("category"), ""),
        Objects.toString(r.getString("short_desc"), ""));
  }

  @Override
  protected String keyOf(Setting setting) {
    return setting.name();
  }

  void forget() {
    invalidate();
  }

  /** Server-wide changes ({@code ALTER SYSTEM}). */
  public SettingsAlteration alter() {
    return new SettingsAlteration(this, SettingsAlteration.Scope.SYSTEM, null, null);
  }

  /** Defaults for every session in {@code database} ({@code ALTER DATABASE ... SET}). */
  public SettingsAlteration alterDatabase(String database) {
    Identifier.validate(database, "database name");
    return new SettingsAlteration(this, SettingsAlteration.Scope.DATABASE, database, null);
  }

  /** Defaults for every session of {@code role} ({@code ALTER ROLE ... SET}). */
  public SettingsAlteration alterRole(String role) {
    Identifier.validate(role, "role name");
    return new SettingsAlteration(this, SettingsAlteration.Scope.ROLE, null, role);
  }

  /** Defaults for sessions of {@code role} in {@code database} ({@code ALTER ROLE ... IN DATABASE ... SET}). */
  public SettingsAlteration alterRole(String role, String database) {
    Identifier.validate(role, "role name");
    Identifier.validate(database, "database name");
    return new SettingsAlteration(this, SettingsAlteration.Scope.ROLE_IN_DATABASE, database, role);
  }

  /** What {@code ALTER DATABASE database SET ...} set: name -> value (empty if nothing). */
  public Mono<Map<String, String>> databaseSettings(String database) {
    return scoped(database, null);
  }

  /** What {@code ALTER ROLE role SET ...} set (for every database). */
  public Mono<Map<String, String>> roleSettings(String role) {
    return scoped(null, role);
  }

  /** What {@code ALTER ROLE role IN DATABASE database SET ...} set. */
  public Mono<Map<String, String>> roleSettings(String role, String database) {
    return scoped(database, role);
  }

  private Mono<Map<String, String>> scoped(@Nullable String database, @Nullable String role) {
    return cluster().execute(CatalogQueries.get("io/pgmob/settings/get_scoped_settings", cluster().version()),
            database, role)
        .collectList()
        .map(rows -> {
          Map<String, String> m = new LinkedHashMap<>();
          for (Row r : rows) {
            List<String> config = r.getStringList("setconfig");
            if (config != null) {
              for (String kv : config) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
              }
            }
          }
          return Collections.unmodifiableMap(m);
        });
  }
}
