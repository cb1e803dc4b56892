package io.pgmob.database;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Identifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a database should look like, for {@link Databases#create(DatabaseSpec)} and {@link
 * Databases#ensure(DatabaseSpec)}. Unset (null) options mean "server default" on create and
 * "leave as is" on ensure. Immutable.
 *
 * <pre>{@code
 * DatabaseSpec spec = DatabaseSpec.builder("app").owner("app_owner").encoding("UTF8").connectionLimit(100).build();
 * }</pre>
 */
public final class DatabaseSpec {

  private final String name;
  private final @Nullable String owner;
  private final @Nullable String template;
  private final @Nullable String encoding;
  private final @Nullable String collation;
  private final @Nullable String ctype;
  private final @Nullable String localeProvider;
  private final @Nullable String locale;
  private final @Nullable String tablespace;
  private final @Nullable Integer connectionLimit;
  private final @Nullable Boolean isTemplate;
  private final @Nullable Boolean allowConnections;

  private DatabaseSpec(Builder b) {
    this.name = b.name;
    this.owner = b.owner;
    this.template = b.template;
    this.encoding = b.encoding;
    this.collation = b.collation;
    this.ctype = b.ctype;
    this.localeProvider = b.localeProvider;
    this.locale = b.locale;
    this.tablespace = b.tablespace;
    this.connectionLimit = b.connectionLimit;
    this.isTemplate = b.isTemplate;
    this.allowConnections = b.allowConnections;
  }

  /** A builder for a database named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A spec with only a name. */
  public static DatabaseSpec of(String name) {
    return builder(name).build();
  }

  /** {@return the requested name; null when unset} */
  public String name() {
    return name;
  }

  /** {@return the requested owner; null when unset} */
  public @Nullable String owner() {
    return owner;
  }

  /** {@return the template to copy; null = {@code template1}} */
  public @Nullable String template() {
    return template;
  }

  /** {@return the requested encoding; null when unset} */
  public @Nullable String encoding() {
    return encoding;
  }

  /** {@return the requested collation; null when unset} */
  public @Nullable String collation() {
    return collation;
  }

  /** {@return the requested ctype; null when unset} */
  public @Nullable String ctype() {
    return ctype;
  }

  /** {@return the requested locale provider; null when unset} */
  public @Nullable String localeProvider() {
    return localeProvider;
  }

  /** {@return the requested locale; null when unset} */
  public @Nullable String locale() {
    return locale;
  }

  /** {@return the requested tablespace; null when unset} */
  public @Nullable String tablespace() {
    return tablespace;
  }

  /** {@return the requested connection limit; null when unset} */
  public @Nullable Integer connectionLimit() {
    return connectionLimit;
  }

  /** {@return the requested template flag; null when unset} */
  public @Nullable Boolean isTemplate() {
    return isTemplate;
  }

  /** {@return the requested connection permission; null when unset} */
  public @Nullable Boolean allowConnections() {
    return allowConnections;
  }

  /** {@return A builder holding this spec's values} */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.owner = owner;
    b.template = template;
    b.encoding = encoding;
    b.collation = collation;
    b.ctype = ctype;
    b.localeProvider = localeProvider;
    b.locale = locale;
    b.tablespace = tablespace;
    b.connectionLimit = connectionLimit;
    b.isTemplate = isTemplate;
    b.allowConnections = allowConnections;
    return b;
  }

  @Override
  public String toString() {
    return "DatabaseSpec[" + name + (owner == null ? "" : ", owner " + owner)
        + (encoding == null ? "" : ", " + encoding) + (connectionLimit == null ? "" : ", limit " + connectionLimit) + "]";
  }

  /** Builds a {@link DatabaseSpec}; names are checked in {@link #build()}. */
  public static final class Builder {
    private final String name;
    private @Nullable String owner;
    private @Nullable String template;
    private @Nullable String encoding;
    private @Nullable String collation;
    private @Nullable String ctype;
    private @Nullable String localeProvider;
    private @Nullable String locale;
    private @Nullable String tablespace;
    private @Nullable Integer connectionLimit;
    private @Nullable Boolean isTemplate;
    private @Nullable Boolean allowConnections;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Owner role; default: the creating role.
     *
     * @param owner owner role; default: the creating role
     * @return this builder
     */
    public Builder owner(@Nullable String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * Template database to copy; default {@code template1} ({@code template0} to change encoding or locale).
     *
     * @param template template database to copy; default {@code template1} ({@code template0} to change encoding or locale)
     * @return this builder
     */
    public Builder template(@Nullable String template) {
      this.template = template;
      return this;
    }

    /**
     * Character set, e.g. {@code UTF8}; default: the template's. Read-only after creation.
     *
     * @param encoding character set, e.g. {@code UTF8}; default: the template's. Read-only after creation
     * @return this builder
     */
    public Builder encoding(@Nullable String encoding) {
      this.encoding = encoding;
      return this;
    }

    /**
     * {@code LC_COLLATE}; default: the template's. Read-only after creation.
     *
     * @param collation {@code LC_COLLATE}; default: the template's. Read-only after creation
     * @return this builder
     */
    public Builder collation(@Nullable String collation) {
      this.collation = collation;
      return this;
    }

    /**
     * {@code LC_CTYPE}; default: the template's. Read-only after creation.
     *
     * @param ctype {@code LC_CTYPE}; default: the template's. Read-only after creation
     * @return this builder
     */
    public Builder ctype(@Nullable String ctype) {
      this.ctype = ctype;
      return this;
    }

    /**
     * {@code libc}, {@code icu} (15+) or {@code builtin} (17+); default: the template's.
     *
     * @param localeProvider {@code libc}, {@code icu} (15+) or {@code builtin} (17+); default: the template's
     * @return this builder
     */
    public Builder localeProvider(@Nullable String localeProvider) {
      this.localeProvider = localeProvider;
      return this;
    }

    /**
     * The ICU or builtin locale (15+).
     *
     * @param locale the ICU or builtin locale (15+)
     * @return this builder
     */
    public Builder locale(@Nullable String locale) {
      this.locale = locale;
      return this;
    }

    /**
     * Default tablespace; default {@code pg_default}.
     *
     * @param tablespace default tablespace; default {@code pg_default}
     * @return this builder
     */
    public Builder tablespace(@Nullable String tablespace) {
      this.tablespace = tablespace;
      return this;
    }

    /**
     * Maximum concurrent connections, -1 for none; default -1.
     *
     * @param connectionLimit maximum concurrent connections, -1 for none; default -1
     * @return this builder
     */
    public Builder connectionLimit(@Nullable Integer connectionLimit) {
      this.connectionLimit = connectionLimit;
      return this;
    }

    /**
     * Whether it is a template; default false.
     *
     * @param isTemplate whether it is a template; default false
     * @return this builder
     */
    public Builder isTemplate(@Nullable Boolean isTemplate) {
      this.isTemplate = isTemplate;
      return this;
    }

    /**
     * Whether it accepts connections; default true.
     *
     * @param allowConnections whether it accepts connections; default true
     * @return this builder
     */
    public Builder allowConnections(@Nullable Boolean allowConnections) {
      this.allowConnections = allowConnections;
      return this;
    }

    /**
     * The spec.
     *
     * @throws InvalidInputException for an invalid name or a connection limit below -1
     */
    public DatabaseSpec build() {
      Identifier.validate(name, "database name");
      if (owner != null) {
        Identifier.validate(owner, "owner role name");
      }
      if (template != null) {
        Identifier.validate(template, "template database name");
      }
      if (tablespace != null) {
        Identifier.validate(tablespace, "tablespace name");
      }
      if (connectionLimit != null && connectionLimit < -1) {
        throw new InvalidInputException("connection limit must be -1 (no limit) or more, not " + connectionLimit);
      }
      return new DatabaseSpec(this);
    }
  }
}
