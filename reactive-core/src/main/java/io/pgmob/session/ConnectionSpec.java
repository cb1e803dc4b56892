package io.pgmob.session;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.SqlText;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one server and database, and as whom. Immutable; build with {@link #builder()}.
 * The password never appears in {@link #toString()}.
 *
 * <pre>{@code
 * ConnectionSpec spec = ConnectionSpec.builder()
 *     .host("db1.internal").port(5432).database("postgres")
 *     .user("admin").password(System.getenv("PGPASSWORD"))
 *     .applicationName("rollout-42")
 *     .build();
 * }</pre>
 */
public final class ConnectionSpec {

  private final @Nullable String name;
  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final @Nullable Supplier<? extends CharSequence> password;
  private final SslMode sslMode;
  private final String applicationName;
  private final Duration connectTimeout;
  private final @Nullable Duration statementTimeout;
  private final @Nullable String become;
  private final Map<String, String> options;
  private final WireTransport transport;

  private ConnectionSpec(Builder b) {
    this.name = b.name;
    this.host = b.host;
    this.port = b.port;
    this.database = b.database;
    this.user = Objects.requireNonNull(b.user, "user is required");
    this.password = b.password;
    this.sslMode = b.sslMode;
    this.applicationName = b.applicationName;
    this.connectTimeout = b.connectTimeout;
    this.statementTimeout = b.statementTimeout;
    this.become = b.become;
    this.options = Map.copyOf(b.options);
    this.transport = b.transport != null ? b.transport : WireTransport.defaultTransport();
  }

  /** {@return A builder with the defaults each setter documents; {@code user} is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses {@code postgresql://user:password@host:port/database?sslmode=require&application_name=x}.
   * Percent-encoded parts are decoded.
   */
  public static ConnectionSpec fromUri(String uri) {
    URI u;
    try {
      u = URI.create(uri.replaceFirst("^postgres(ql)?://", "http://"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("not a postgresql:// URI: " + redactUri(uri));
    }
    if (!uri.startsWith("postgres://") && !uri.startsWith("postgresql://")) {
      throw new InvalidInputException("a connection URI must start with postgresql://, got " + redactUri(uri));
    }
    Builder b = builder();
    if (u.getHost() != null) {
      b.host(u.getHost());
    }
    if (u.getPort() > 0) {
      b.port(u.getPort());
    }
    if (u.getPath() != null && u.getPath().length() > 1) {
      b.database(decode(u.getPath().substring(1)));
    }
    if (u.getRawUserInfo() != null) {
      String[] ui = u.getRawUserInfo().split(":", 2);
      b.user(decode(ui[0]));
      if (ui.length > 1) {
        b.password(decode(ui[1]));
      }
    }
    if (u.getRawQuery() != null) {
      for (String kv : u.getRawQuery().split("&")) {
        String[] p = kv.split("=", 2);
        String k = decode(p[0]);
        String v = p.length > 1 ? decode(p[1]) : "";
        switch (k) {
          case "sslmode" -> b.sslMode(sslMode(v));
          case "application_name" -> b.applicationName(v);
          case "connect_timeout" -> b.connectTimeout(connectTimeout(v));
          case "user" -> b.user(v);
          case "password" -> b.password(v);
          default -> b.option(k, v);
        }
      }
    }
    return b.build();
  }

  private static SslMode sslMode(String v) {
    try {
      return SslMode.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("unknown sslmode '" + v
          + "' in a connection URI (disable, allow, prefer, require, verify-ca, verify-full)");
    }
  }

  /** libpq's rule: whole seconds; 0 or less waits without limit, which pgmob does not offer. */
  private static Duration connectTimeout(String v) {
    long seconds = Numbers.parseLong(v, "connect_timeout in a connection URI");
    if (seconds < 1) {
      throw new InvalidInputException("connect_timeout in a connection URI must be at least 1 second, got '" + v + "'");
    }
    return Duration.ofSeconds(seconds);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String redactUri(String uri) {
    return uri.replaceAll("://([^:/@]*):[^@]*@", "://$1:***@");
  }

  /** {@return A display name: the configured name, else {@code user@host:port/database}} */
  public String displayName() {
    return name != null ? name : user + "@" + host + ":" + port + "/" + database;
  }

  /** {@return the configured display name, if any} */
  public @Nullable String name() {
    return name;
  }

  /** Host name or address. */
  public String host() {
    return host;
  }

  /** TCP port. */
  public int port() {
    return port;
  }

  /** Database name. */
  public String database() {
    return database;
  }

  /** Login role. */
  public String user() {
    return user;
  }

  /** {@return whether a password (or supplier) is configured. The password itself is not exposed here} */
  public boolean hasPassword() {
    return password != null;
  }

  /** {@return the password supplier, for the driver; {@code null} when none is set} */
  public @Nullable Supplier<? extends CharSequence> passwordSupplier() {
    return password;
  }

  /** TLS mode. */
  public SslMode sslMode() {
    return sslMode;
  }

  /** {@return {@code application_name} sent at connect} */
  public String applicationName() {
    return applicationName;
  }

  /** {@return how long connecting may take} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Server-side {@code statement_timeout}, if set. */
  public @Nullable Duration statementTimeout() {
    return statementTimeout;
  }

  /** {@return the role to {@code SET ROLE} to after connecting, if any} */
  public @Nullable String become() {
    return become;
  }

  /** Extra run-time parameters sent at connect, for example {@code search_path}. */
  public Map<String, String> options() {
    return options;
  }

  /** {@return the driver that speaks the protocol for this spec} */
  public WireTransport transport() {
    return transport;
  }

  /** The same target, another database. */
  public ConnectionSpec withDatabase(String database) {
    return toBuilder().database(database).build();
  }

  /** The same target, another login. */
  public ConnectionSpec withUser(String user, @Nullable CharSequence password) {
    Builder b = toBuilder().user(user);
    b.password = password == null ? null : constant(password);
    return b.build();
  }

  /** {@return A builder holding this spec's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.host = host;
    b.port = port;
    b.database = database;
    b.user = user;
    b.password = password;
    b.sslMode = sslMode;
    b.applicationName = applicationName;
    b.connectTimeout = connectTimeout;
    b.statementTimeout = statementTimeout;
    b.become = become;
    b.options.putAll(options);
    b.transport = transport;
    return b;
  }

  private static Supplier<CharSequence> constant(CharSequence password) {
    String copy = password.toString();
    return new Supplier<>() {
      @Override
      public CharSequence get() {
        return copy;
      }

      @Override
      public String toString() {
        return "***";
      }
    };
  }

  @Override
  public String toString() {
    return "ConnectionSpec[" + displayName() + (name != null ? " (" + user + "@" + host + ":" + port + "/" + database + ")" : "")
        + ", password=" + (password == null ? "none" : "***") + ", sslMode=" + sslMode
        + (become != null ? ", become=" + become : "") + "]";
  }

  /** Builder for {@link ConnectionSpec}. */
  public static final class Builder {
    private @Nullable String name;
    private String host = "localhost";
    private int port = 5432;
    private String database = "postgres";
    private @Nullable String user;
    private @Nullable Supplier<? extends CharSequence> password;
    private SslMode sslMode = SslMode.PREFER;
    private String applicationName = "pgmob";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private @Nullable Duration statementTimeout;
    private @Nullable String become;
    private final Map<String, String> options = new LinkedHashMap<>();
    private @Nullable WireTransport transport;

    private Builder() {}

    /**
     * The driver that speaks the protocol. Default: {@link WireTransport#defaultTransport()} (the
     * system property {@code pgmob.transport}, else r2dbc).
     */
    public Builder transport(WireTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * A display name for messages and reports. Default: {@code user@host:port/database}.
     *
     * @param name A display name for messages and reports. Default: {@code user@host:port/database}
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /**
     * Host name or address. Default: {@code localhost}.
     *
     * @param host host name or address. Default: {@code localhost}
     * @return this builder
     */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new InvalidInputException("host must not be empty");
      }
      this.host = host;
      return this;
    }

    /**
     * TCP port. Default: 5432.
     *
     * @param port TCP port. Default: 5432
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new InvalidInputException("port must be between 1 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Database name. Default: {@code postgres}.
     *
     * @param database database name. Default: {@code postgres}
     * @return this builder
     */
    public Builder database(String database) {
      this.database = io.pgmob.sql.Identifier.validate(database, "database name");
      return this;
    }

    /**
     * Login role. Required.
     *
     * @param user login role. Required
     * @return this builder
     */
    public Builder user(String user) {
      this.user = io.pgmob.sql.Identifier.validate(user, "user name");
      return this;
    }

    /**
     * The password. Default: none (trust or peer authentication).
     *
     * @param password the password. Default: none (trust or peer authentication)
     * @return this builder
     */
    public Builder password(@Nullable CharSequence password) {
      this.password = password == null ? null : constant(password);
      return this;
    }

    /**
     * A supplier asked for the password on every connect (for rotating secrets).
     *
     * @param supplier A supplier asked for the password on every connect (for rotating secrets)
     * @return this builder
     */
    public Builder passwordSupplier(Supplier<? extends CharSequence> supplier) {
      this.password = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /**
     * TLS mode. Default: {@link SslMode#PREFER}.
     *
     * @param sslMode TLS mode. Default: {@link SslMode#PREFER}
     * @return this builder
     */
    public Builder sslMode(SslMode sslMode) {
      this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
      return this;
    }

    /**
     * {@code application_name} shown in {@code pg_stat_activity}. Default: {@code pgmob}.
     *
     * @param applicationName {@code application_name} shown in {@code pg_stat_activity}. Default: {@code pgmob}
     * @return this builder
     */
    public Builder applicationName(String applicationName) {
      this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
      return this;
    }

    /**
     * How long connecting (TCP, TLS, authentication, first query) may take. Default: 10 s.
     *
     * @param connectTimeout how long connecting (TCP, TLS, authentication, first query) may take. Default: 10 s
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new InvalidInputException("connectTimeout must be positive, got " + connectTimeout);
      }
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * Server-side {@code statement_timeout}. Default: none (the server's setting).
     *
     * @param statementTimeout server-side {@code statement_timeout}. Default: none (the server's setting)
     * @return this builder
     */
    public Builder statementTimeout(@Nullable Duration statementTimeout) {
      if (statementTimeout != null && statementTimeout.isNegative()) {
        throw new InvalidInputException("statementTimeout must not be negative, got " + statementTimeout);
      }
      this.statementTimeout = statementTimeout;
      return this;
    }

    /**
     * A role to {@code SET ROLE} to right after connecting. Default: none.
     *
     * @param role A role to {@code SET ROLE} to right after connecting. Default: none
     * @return this builder
     */
    public Builder become(@Nullable String role) {
      this.become = role == null ? null : io.pgmob.sql.Identifier.validate(role, "role to become");
      return this;
    }

    /** An extra run-time parameter sent at connect. */
    public Builder option(String name, String value) {
      options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The spec.
     *
     * @throws InvalidInputException if no user was set, or a text of the start-up message (user,
     *     database, application name, an option's name or value) has a NUL character or an
     *     unpaired surrogate ({@link SqlText#check}): the server would read a NUL as the end of the
     *     name and connect as someone else
     */
    public ConnectionSpec build() {
      if (user == null) {
        throw new InvalidInputException("a ConnectionSpec needs a user");
      }
      SqlText.check(user, "the user name of a connection");
      SqlText.check(database, "the database name of a connection");
      SqlText.check(applicationName, "the application name of a connection");
      SqlText.check(host, "the host of a connection");
      if (become != null) {
        SqlText.check(become, "the role a connection becomes");
      }
      options.forEach((k, v) -> {
        SqlText.check(k, "the name of a connection option");
        SqlText.check(v, "the value of connection option " + k);
      });
      return new ConnectionSpec(this);
    }
  }
}
