package io.pgmob.settings;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.Change;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.managed.Changes;
import io.pgmob.managed.Plan;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import io.pgmob.sql.SqlPart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Setting changes for one scope: the whole server ({@code ALTER SYSTEM}), a database, a role, or a
 * role in a database. Immutable: each call returns a new alteration; {@link #plan()} shows the
 * statements, {@link #apply()} runs them.
 *
 * <pre>{@code
 * cluster.settings().alter().set("work_mem", "64MB").reset("random_page_cost").apply();
 * cluster.settings().alterRole("app").set("search_path", "app", "public").apply();
 * }</pre>
 *
 * <p>Values are sent as string literals, which PostgreSQL accepts for every type ({@code '64MB'},
 * {@code 'on'}, {@code '0.5'}). A list setting such as {@code search_path} takes its elements as
 * separate values.
 */
public final class SettingsAlteration {

  enum Scope { SYSTEM, DATABASE, ROLE, ROLE_IN_DATABASE }

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*");

  private final Settings settings;
  private final Scope scope;
  private final @Nullable String database;
  private final @Nullable String role;
  private final List<Change> changes;
  private final Set<String> names;

  SettingsAlteration(Settings settings, Scope scope, @Nullable String database, @Nullable String role) {
    this(settings, scope, database, role, List.of(), Set.of());
  }

  private SettingsAlteration(Settings settings, Scope scope, @Nullable String database, @Nullable String role,
      List<Change> changes, Set<String> names) {
    this.settings = settings;
    this.scope = scope;
    this.database = database;
    this.role = role;
    this.changes = List.copyOf(changes);
    this.names = Set.copyOf(names);
  }

  /**
   * Sets {@code name} to {@code values} (several values for a list setting).
   *
   * @throws InvalidInputException for a malformed name or no value
   */
  public SettingsAlteration set(String name, String... values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new InvalidInputException("no value given for setting " + name);
    }
    List<SqlPart> literals = Arrays.stream(values).map(v -> (SqlPart) Literal.of(Objects.requireNonNull(v, "value"))).toList();
    Sql sql = prefix().append(" SET {} = ", name(name)).append(Sql.join(", ", literals));
    return with(name, new Change(describe("set " + name + " = " + String.join(", ", values)), sql,
        scope != Scope.SYSTEM));
  }

  /** Sets every entry of {@code values}, in the map's order. */
  public SettingsAlteration set(Map<String, String> values) {
    SettingsAlteration a = this;
    for (Map.Entry<String, String> e : values.entrySet()) {
      a = a.set(e.getKey(), e.getValue());
    }
    return a;
  }

  /**
   * Removes the value this scope sets for {@code name}, back to the default from the level below.
   *
   * @param name removes the value this scope sets for {@code name}, back to the default from the level below
   * @return a new alteration with this change added; this one is unchanged
   */
  public SettingsAlteration reset(String name) {
    return with(name, new Change(describe("reset " + name), prefix().append(" RESET {}", name(name)),
        scope != Scope.SYSTEM));
  }

  /** Removes every value this scope sets. */
  public SettingsAlteration resetAll() {
    return with(null, new Change(describe("reset all settings"), prefix().append(" RESET ALL"), scope != Scope.SYSTEM));
  }

  private SettingsAlteration with(@Nullable String name, Change change) {
    List<Change> c = new ArrayList<>(changes);
    c.add(change);
    Set<String> n = new LinkedHashSet<>(names);
    n.add(name == null ? "*" : name.toLowerCase(java.util.Locale.ROOT));
    return new SettingsAlteration(settings, scope, database, role, c, n);
  }

  static Sql name(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException("invalid setting name \"" + name + "\"");
    }
    List<SqlPart> parts = Arrays.stream(name.split("\\.")).map(p -> (SqlPart) Identifier.of(p)).toList();
    return Sql.join(".", parts);
  }

  private Sql prefix() {
    return switch (scope) {
      case SYSTEM -> Sql.raw("ALTER SYSTEM");
      case DATABASE -> Sql.format("ALTER DATABASE {}", Identifier.of(database));
      case ROLE -> Sql.format("ALTER ROLE {}", Identifier.of(role));
      case ROLE_IN_DATABASE -> Sql.format("ALTER ROLE {} IN DATABASE {}", Identifier.of(role), Identifier.of(database));
    };
  }

  private String describe(String what) {
    return what + switch (scope) {
      case SYSTEM -> " (server-wide)";
      case DATABASE -> " for database \"" + database + "\"";
      case ROLE -> " for role \"" + role + "\"";
      case ROLE_IN_DATABASE -> " for role \"" + role + "\" in database \"" + database + "\"";
    };
  }

  /** {@return the statements {@link #apply()} would run} */
  public Plan plan() {
    return new Plan(changes);
  }

  /**
   * Runs the plan. Server-wide changes run one {@code ALTER SYSTEM} at a time (it cannot run in a
   * transaction), then {@code pg_reload_conf()}, then the configuration files are checked for
   * errors; database and role changes run in one transaction and apply to new sessions.
   *
   * @return what was applied and which changed settings need a restart ({@code context =
   *     postmaster}); an empty alteration applies nothing
   */
  public Mono<SettingsChange> apply() {
    SqlSession<?> cluster = settings.cluster();
    if (changes.isEmpty()) {
      return Mono.just(new SettingsChange(List.of(), List.of(), List.of()));
    }
    Mono<List<String>> restart = scope != Scope.SYSTEM ? Mono.just(List.of())
        : settings.all().filter(s -> s.requiresRestart()
                && (names.contains("*") || names.contains(s.name().toLowerCase(java.util.Locale.ROOT))))
            .map(Setting::name).collectList();
    return restart.flatMap(needRestart -> Changes.apply(cluster, plan())
        .flatMap(applied -> scope != Scope.SYSTEM
            ? Mono.just(new SettingsChange(applied, List.of(), List.of()))
            : cluster.scalar("SELECT pg_reload_conf()", Boolean.class)
                .then(cluster.query(CatalogQueries.get("io/pgmob/settings/file_setting_errors", cluster.version()),
                        r -> r.getString("sourcefile") + ":" + r.getInt("sourceline")
                            + (r.getString("name") == null ? "" : " (" + r.getString("name") + ")")
                            + ": " + r.getString("error"))
                    .collectList())
                .map(errors -> new SettingsChange(applied, needRestart, errors))))
        .doFinally(s -> settings.forget());
  }

  @Override
  public String toString() {
    return plan().toString();
  }
}
