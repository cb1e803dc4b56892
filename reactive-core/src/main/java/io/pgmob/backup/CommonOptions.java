package io.pgmob.backup;

import io.pgmob.sql.SqlText;
import io.pgmob.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options pg_dump and pg_restore share. Immutable; built by the subclasses' builders.
 *
 * <p>Names given for schemas and tables are pg_dump/pg_restore patterns, passed as one argument
 * each ({@code --schema=app}); double-quote a name inside the pattern to match it exactly.
 */
public abstract sealed class CommonOptions permits BackupOptions, RestoreOptions {

  final boolean schemaOnly;
  final boolean dataOnly;
  final List<String> schemas;
  final List<String> excludeSchemas;
  final List<String> tables;
  final boolean clean;
  final boolean create;
  final boolean ifExists;
  final boolean noOwner;
  final boolean noPrivileges;
  final boolean noTablespaces;
  final boolean noPublications;
  final boolean noSubscriptions;
  final @Nullable Section section;
  final @Nullable String role;
  final boolean strictNames;
  final @Nullable String superuser;
  final boolean verbose;
  final @Nullable Format format;
  final @Nullable Integer jobs;

  CommonOptions(Builder<?> b) {
    this.schemaOnly = b.schemaOnly;
    this.dataOnly = b.dataOnly;
    this.schemas = List.copyOf(b.schemas);
    this.excludeSchemas = List.copyOf(b.excludeSchemas);
    this.tables = List.copyOf(b.tables);
    this.clean = b.clean;
    this.create = b.create;
    this.ifExists = b.ifExists;
    this.noOwner = b.noOwner;
    this.noPrivileges = b.noPrivileges;
    this.noTablespaces = b.noTablespaces;
    this.noPublications = b.noPublications;
    this.noSubscriptions = b.noSubscriptions;
    this.section = b.section;
    this.role = b.role;
    this.strictNames = b.strictNames;
    this.superuser = b.superuser;
    this.verbose = b.verbose;
    this.format = b.format;
    this.jobs = b.jobs;
    if (schemaOnly && dataOnly) {
      throw new InvalidInputException("schema only and data only cannot be used together");
    }
    if (clean && dataOnly) {
      throw new InvalidInputException("clean and data only cannot be used together");
    }
    if (ifExists && !clean) {
      throw new InvalidInputException("if exists requires clean");
    }
    if (section != null && (schemaOnly || dataOnly)) {
      throw new InvalidInputException("section cannot be combined with schema only or data only");
    }
    if (jobs != null && jobs < 1) {
      throw new InvalidInputException("jobs must be at least 1, got " + jobs);
    }
  }

  /** {@return the command-line arguments, in a stable order, one option per argument} */
  public abstract List<String> arguments();

  void commonArguments(List<String> a) {
    if (format != null) {
      a.add("--format=" + format.argument());
    }
    if (schemaOnly) {
      a.add("--schema-only");
    }
    if (dataOnly) {
      a.add("--data-only");
    }
    schemas.forEach(s -> a.add("--schema=" + s));
    excludeSchemas.forEach(s -> a.add("--exclude-schema=" + s));
    tables.forEach(t -> a.add("--table=" + t));
    if (clean) {
      a.add("--clean");
    }
    if (create) {
      a.add("--create");
    }
    if (ifExists) {
      a.add("--if-exists");
    }
    if (noOwner) {
      a.add("--no-owner");
    }
    if (noPrivileges) {
      a.add("--no-privileges");
    }
    if (noTablespaces) {
      a.add("--no-tablespaces");
    }
    if (noPublications) {
      a.add("--no-publications");
    }
    if (noSubscriptions) {
      a.add("--no-subscriptions");
    }
    if (section != null) {
      a.add("--section=" + section.argument());
    }
    if (role != null) {
      a.add("--role=" + role);
    }
    if (strictNames) {
      a.add("--strict-names");
    }
    if (superuser != null) {
      a.add("--superuser=" + superuser);
    }
    if (verbose) {
      a.add("--verbose");
    }
    if (jobs != null) {
      a.add("--jobs=" + jobs);
    }
  }

  /** {@return the archive format, or null for the tool's default (custom for pg_dump here, auto-detected by pg_restore)} */
  public @Nullable Format format() {
    return format;
  }

  @Override
  public String toString() {
    return String.join(" ", arguments());
  }

  /**
   * Builder of the shared options; every flag defaults to off and every list to empty.
   *
   * @param <B> the concrete builder
   */
  @SuppressWarnings("unchecked")
  public abstract static sealed class Builder<B extends Builder<B>> permits BackupOptions.Builder,
      RestoreOptions.Builder {
    boolean schemaOnly;
    boolean dataOnly;
    final List<String> schemas = new ArrayList<>();
    final List<String> excludeSchemas = new ArrayList<>();
    final List<String> tables = new ArrayList<>();
    boolean clean;
    boolean create;
    boolean ifExists;
    boolean noOwner;
    boolean noPrivileges;
    boolean noTablespaces;
    boolean noPublications;
    boolean noSubscriptions;
    @Nullable Section section;
    @Nullable String role;
    boolean strictNames;
    @Nullable String superuser;
    boolean verbose;
    @Nullable Format format;
    @Nullable Integer jobs;

    Builder() {}

    static List<String> names(String what, String... names) {
      List<String> l = new ArrayList<>();
      for (String n : Objects.requireNonNull(names, what)) {
        Objects.requireNonNull(n, what);
        if (n.isEmpty()) {
          throw new InvalidInputException("a " + what + " name must be non-empty");
        }
        SqlText.check(n, "a " + what + " name");
        l.add(n);
      }
      return l;
    }

    /**
     * Only the schema (definitions), no data ({@code --schema-only}).
     *
     * @param v only the schema (definitions), no data ({@code --schema-only})
     * @return this builder
     */
    public B schemaOnly(boolean v) {
      schemaOnly = v;
      return (B) this;
    }

    /**
     * Only the data, no definitions ({@code --data-only}).
     *
     * @param v only the data, no definitions ({@code --data-only})
     * @return this builder
     */
    public B dataOnly(boolean v) {
      dataOnly = v;
      return (B) this;
    }

    /**
     * Only these schemas (patterns; {@code --schema}).
     *
     * @param names only these schemas (patterns; {@code --schema})
     * @return this builder
     */
    public B schemas(String... names) {
      schemas.addAll(names("schema", names));
      return (B) this;
    }

    /**
     * Not these schemas (patterns; {@code --exclude-schema}).
     *
     * @param names not these schemas (patterns; {@code --exclude-schema})
     * @return this builder
     */
    public B excludeSchemas(String... names) {
      excludeSchemas.addAll(names("schema", names));
      return (B) this;
    }

    /**
     * Only these tables (patterns; {@code --table}).
     *
     * @param names only these tables (patterns; {@code --table})
     * @return this builder
     */
    public B tables(String... names) {
      tables.addAll(names("table", names));
      return (B) this;
    }

    /**
     * Drop objects before creating them ({@code --clean}).
     *
     * @param v drop objects before creating them ({@code --clean})
     * @return this builder
     */
    public B clean(boolean v) {
      clean = v;
      return (B) this;
    }

    /**
     * Create the database itself ({@code --create}).
     *
     * @param v create the database itself ({@code --create})
     * @return this builder
     */
    public B create(boolean v) {
      create = v;
      return (B) this;
    }

    /**
     * Use {@code IF EXISTS} when dropping (needs clean; {@code --if-exists}).
     *
     * @param v use {@code IF EXISTS} when dropping (needs clean; {@code --if-exists})
     * @return this builder
     */
    public B ifExists(boolean v) {
      ifExists = v;
      return (B) this;
    }

    /**
     * Do not set object owners ({@code --no-owner}).
     *
     * @param v do not set object owners ({@code --no-owner})
     * @return this builder
     */
    public B noOwner(boolean v) {
      noOwner = v;
      return (B) this;
    }

    /**
     * No GRANT/REVOKE ({@code --no-privileges}).
     *
     * @param v no GRANT/REVOKE ({@code --no-privileges})
     * @return this builder
     */
    public B noPrivileges(boolean v) {
      noPrivileges = v;
      return (B) this;
    }

    /**
     * No tablespace assignments ({@code --no-tablespaces}).
     *
     * @param v no tablespace assignments ({@code --no-tablespaces})
     * @return this builder
     */
    public B noTablespaces(boolean v) {
      noTablespaces = v;
      return (B) this;
    }

    /**
     * No publications ({@code --no-publications}).
     *
     * @param v no publications ({@code --no-publications})
     * @return this builder
     */
    public B noPublications(boolean v) {
      noPublications = v;
      return (B) this;
    }

    /**
     * No subscriptions ({@code --no-subscriptions}).
     *
     * @param v no subscriptions ({@code --no-subscriptions})
     * @return this builder
     */
    public B noSubscriptions(boolean v) {
      noSubscriptions = v;
      return (B) this;
    }

    /**
     * Only this section ({@code --section}); null for all.
     *
     * @param v only this section ({@code --section}); null for all
     * @return this builder
     */
    public B section(@Nullable Section v) {
      section = v;
      return (B) this;
    }

    /**
     * {@code SET ROLE} to this role first ({@code --role}); null for none.
     *
     * @param v {@code SET ROLE} to this role first ({@code --role}); null for none
     * @return this builder
     */
    public B role(@Nullable String v) {
      role = v == null ? null : names("role", v).get(0);
      return (B) this;
    }

    /**
     * Every schema/table pattern must match something ({@code --strict-names}).
     *
     * @param v every schema/table pattern must match something ({@code --strict-names})
     * @return this builder
     */
    public B strictNames(boolean v) {
      strictNames = v;
      return (B) this;
    }

    /**
     * The superuser name used to disable triggers ({@code --superuser}); null for none.
     *
     * @param v the superuser name used to disable triggers ({@code --superuser}); null for none
     * @return this builder
     */
    public B superuser(@Nullable String v) {
      superuser = v == null ? null : names("superuser", v).get(0);
      return (B) this;
    }

    /**
     * Verbose output, returned in the command's output ({@code --verbose}).
     *
     * @param v verbose output, returned in the command's output ({@code --verbose})
     * @return this builder
     */
    public B verbose(boolean v) {
      verbose = v;
      return (B) this;
    }

    /**
     * The archive format ({@code --format}); null for the tool's default.
     *
     * @param v the archive format ({@code --format}); null for the tool's default
     * @return this builder
     */
    public B format(@Nullable Format v) {
      format = v;
      return (B) this;
    }

    /**
     * Parallel jobs ({@code --jobs}); null for one.
     *
     * @param v parallel jobs ({@code --jobs}); null for one
     * @return this builder
     */
    public B jobs(@Nullable Integer v) {
      jobs = v;
      return (B) this;
    }
  }
}
