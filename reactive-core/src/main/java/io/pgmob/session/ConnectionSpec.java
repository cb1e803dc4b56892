package io.pgmob.session;

import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.SqlText;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
  private final @Nullable PasswordProvider passwordProvider;
  private final SslMode sslMode;
  private final @Nullable Path sslRootCert;
  private final @Nullable Path sslCert;
  private final @Nullable Path sslKey;
  private final @Nullable Supplier<? extends CharSequence> sslPassword;
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
    this.passwordProvider = b.passwordProvider;
    this.sslMode = b.sslMode;
    this.sslRootCert = b.sslRootCert;
    this.sslCert = b.sslCert;
    this.sslKey = b.sslKey;
    this.sslPassword = b.sslPassword;
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
   * Percent-encoded parts are decoded. libpq's TLS parameters are read: {@code sslmode},
   * {@code sslrootcert}, {@code sslcert}, {@code sslkey}, {@code sslpassword} and {@code
   * sslnegotiation} (only {@code postgres}: neither wire driver offers {@code direct} on both
   * transports). Other parameters are sent to the server as run-time parameters.
   *
   * @throws InvalidInputException if the URI or one of its parameters is malformed
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
          case "sslrootcert" -> b.sslRootCert(Path.of(v));
          case "sslcert" -> b.sslCert(Path.of(v));
          case "sslkey" -> b.sslKey(Path.of(v));
          case "sslpassword" -> b.sslPassword(v);
          case "sslnegotiation" -> checkSslNegotiation(v);
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

  /**
   * Accepts libpq's {@code sslnegotiation=postgres} (the default) and refuses {@code direct}:
   * r2dbc-postgresql offers direct TLS, the Vert.x PG client does not, and a spec must mean the
   * same on both transports.
   */
  static void checkSslNegotiation(String value) {
    if (!"postgres".equals(value)) {
      throw new InvalidInputException("sslnegotiation '" + value + "' is not supported: only 'postgres'"
          + " (TLS after an SSLRequest); 'direct' is not offered by both wire drivers");
    }
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
    return uri.replaceAll("://([^:/@]*):[^@]*@", "://$1:***@")
        .replaceAll("(?i)([?&](sslpassword|password)=)[^&]*", "$1***");
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

  /** {@return whether a password (or supplier, or provider) is configured. The password itself is not exposed here} */
  public boolean hasPassword() {
    return password != null || passwordProvider != null;
  }

  /**
   * {@return the password supplier, for the driver; {@code null} when none is set or the password
   * comes only from an asynchronous {@link #passwordProvider()}}
   */
  public @Nullable Supplier<? extends CharSequence> passwordSupplier() {
    return password;
  }

  /**
   * Where each connect gets its password: the {@link Builder#passwordProvider provider} if one
   * was set, else the password or supplier wrapped; {@code null} when none is set.
   */
  public @Nullable PasswordProvider passwordProvider() {
    if (passwordProvider != null) {
      return passwordProvider;
    }
    Supplier<? extends CharSequence> s = password;
    return s == null ? null : PasswordProvider.of(s);
  }

  /** TLS mode. */
  public SslMode sslMode() {
    return sslMode;
  }

  /**
   * {@return the PEM file of the certificate authorities that sign the server's certificate
   * (libpq's {@code sslrootcert})}; {@code null}: the JDK's trust store is used by {@link
   * SslMode#VERIFY_CA} and {@link SslMode#VERIFY_FULL}. When set, {@link SslMode#REQUIRE} checks
   * the chain too, as libpq does when a root certificate file exists.
   */
  public @Nullable Path sslRootCert() {
    return sslRootCert;
  }

  /** {@return the client certificate (PEM, possibly a chain) presented to the server, or {@code null}} */
  public @Nullable Path sslCert() {
    return sslCert;
  }

  /** {@return the client certificate's private key (PEM, PKCS#8, possibly encrypted), or {@code null}} */
  public @Nullable Path sslKey() {
    return sslKey;
  }

  /**
   * {@return the supplier of the password of an encrypted {@link #sslKey()}, for the transport;
   * {@code null} when none is set} Never printed.
   */
  public @Nullable Supplier<? extends CharSequence> sslPasswordSupplier() {
    return sslPassword;
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
    b.passwordProvider = null;
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
    b.passwordProvider = passwordProvider;
    b.sslMode = sslMode;
    b.sslRootCert = sslRootCert;
    b.sslCert = sslCert;
    b.sslKey = sslKey;
    b.sslPassword = sslPassword;
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
        + ", password=" + (hasPassword() ? "***" : "none") + ", sslMode=" + sslMode
        + (sslRootCert != null ? ", sslRootCert=" + sslRootCert : "")
        + (sslCert != null ? ", sslCert=" + sslCert : "")
        + (sslKey != null ? ", sslKey=" + sslKey : "")
        + (sslPassword != null ? ", sslPassword=***" : "")
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
    private @Nullable PasswordProvider passwordProvider;
    private SslMode sslMode = SslMode.PREFER;
    private @Nullable Path sslRootCert;
    private @Nullable Path sslCert;
    private @Nullable Path sslKey;
    private @Nullable Supplier<? extends CharSequence> sslPassword;
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
      this.passwordProvider = null;
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
      this.passwordProvider = null;
      return this;
    }

    /**
     * A provider asked, asynchronously, for the password of every connect (a token fetched from a
     * command or a secret store). Replaces a password or supplier set before. Default: none.
     */
    public Builder passwordProvider(@Nullable PasswordProvider provider) {
      this.passwordProvider = provider;
      if (provider != null) {
        this.password = null;
      }
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
     * The certificate authorities (a PEM bundle) that sign the server's certificate, libpq's
     * {@code sslrootcert}. Default: none, the JDK's trust store. With a bundle, {@link
     * SslMode#REQUIRE} checks the certificate chain as {@link SslMode#VERIFY_CA} does (libpq's rule).
     *
     * @param caBundle the PEM file, or null for none
     * @return this builder
     */
    public Builder sslRootCert(@Nullable Path caBundle) {
      this.sslRootCert = caBundle;
      return this;
    }

    /**
     * The client certificate (PEM; the first certificate is the client's, any further ones its
     * chain), libpq's {@code sslcert}. Needs {@link #sslKey(Path)}. Default: none.
     *
     * @param certificate the PEM file, or null for none
     * @return this builder
     */
    public Builder sslCert(@Nullable Path certificate) {
      this.sslCert = certificate;
      return this;
    }

    /**
     * The client certificate's private key, libpq's {@code sslkey}: PEM in PKCS#8 ({@code BEGIN
     * PRIVATE KEY}, or {@code BEGIN ENCRYPTED PRIVATE KEY} with {@link #sslPassword}); RSA, EC or
     * EdDSA. Default: none.
     *
     * @param key the PEM file, or null for none
     * @return this builder
     */
    public Builder sslKey(@Nullable Path key) {
      this.sslKey = key;
      return this;
    }

    /**
     * The password of an encrypted {@link #sslKey(Path)}, libpq's {@code sslpassword}. Default: none.
     *
     * @param password the password, or null for none
     * @return this builder
     */
    public Builder sslPassword(@Nullable CharSequence password) {
      this.sslPassword = password == null ? null : constant(password);
      return this;
    }

    /**
     * A supplier asked for the key password each time the key is read (for a password kept in a
     * secret store). Default: none.
     *
     * @param supplier the supplier, or null for none
     * @return this builder
     */
    public Builder sslPasswordSupplier(@Nullable Supplier<? extends CharSequence> supplier) {
      this.sslPassword = supplier;
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
     * @throws InvalidInputException if no user was set, if only one of sslcert and sslkey is
     *     set, or if sslmode disable is combined with TLS files
     * @throws InvalidInputException if no user was set, or a text of the start-up message (user,
     *     database, application name, an option's name or value) has a NUL character or an
     *     unpaired surrogate ({@link SqlText#check}): the server would read a NUL as the end of the
     *     name and connect as someone else
     */
    public ConnectionSpec build() {
      if (user == null) {
        throw new InvalidInputException("a ConnectionSpec needs a user");
      }
      if ((sslCert == null) != (sslKey == null)) {
        throw new InvalidInputException("a client certificate needs both sslcert and sslkey, got only "
            + (sslCert != null ? "sslcert" : "sslkey"));
      }
      if (sslMode == SslMode.DISABLE && (sslRootCert != null || sslCert != null)) {
        throw new InvalidInputException("sslmode disable contradicts sslrootcert/sslcert: drop them or choose"
            + " another sslmode");
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
