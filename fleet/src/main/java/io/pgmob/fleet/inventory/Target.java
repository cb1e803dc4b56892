package io.pgmob.fleet.inventory;

import io.pgmob.session.ConnectionSpec;
import io.pgmob.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One named cluster in an inventory: how to reach it (a {@link ConnectionSpec}, built once and
 * reused, so the driver's connection factory is created once per target) and its labels.
 * Immutable.
 *
 * <pre>{@code
 * Target t = Target.builder("eu-prod-1")
 *     .host("db1.eu.internal").port(5432).database("postgres").user("admin")
 *     .credentials(Credentials.env("PGPASS_PROD"))
 *     .label("env", "prod").label("region", "eu")
 *     .build();
 * }</pre>
 */
public final class Target {

  private final String name;
  private final Map<String, String> labels;
  private final ConnectionSpec spec;
  private final @Nullable Credentials credentials;
  private final @Nullable Credentials sslPassword;

  private Target(String name, Map<String, String> labels, ConnectionSpec spec, @Nullable Credentials credentials,
      @Nullable Credentials sslPassword) {
    this.name = name;
    this.labels = labels;
    this.spec = spec;
    this.credentials = credentials;
    this.sslPassword = sslPassword;
  }

  /**
   * A target from an existing spec. The spec's display name is replaced by {@code name}.
   *
   * @param name the target's name, unique in its inventory
   * @param spec where and as whom to connect
   * @param labels the labels selectors match
   * @return the target
   */
  public static Target of(String name, ConnectionSpec spec, Map<String, String> labels) {
    checkName(name);
    ConnectionSpec named = name.equals(spec.name()) ? spec : spec.toBuilder().name(name).build();
    return new Target(name, checkLabels(labels), named, null, null);
  }

  /**
   * A builder for a target named {@code name}.
   *
   * @param name the target's name, unique in its inventory
   * @return a builder with PostgreSQL's defaults (localhost, port 5432, database {@code postgres})
   */
  public static Builder builder(String name) {
    return new Builder(checkName(name));
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("a target name must not be empty");
    }
    if (name.chars().anyMatch(c -> c < 0x20)) {
      throw new InvalidInputException("a target name must not contain control characters: " + name.strip());
    }
    return name;
  }

  private static Map<String, String> checkLabels(Map<String, String> labels) {
    Map<String, String> m = new TreeMap<>();
    labels.forEach((k, v) -> {
      Selector.checkLabelKey(k);
      m.put(k, Objects.requireNonNull(v, () -> "label " + k + " has no value"));
    });
    return java.util.Collections.unmodifiableMap(m);
  }

  /** {@return the unique name of this target in its inventory} */
  public String name() {
    return name;
  }

  /**
   * Labels, sorted by key.
   *
   * @return the labels, sorted by key
   */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * The label's value, or {@code null}.
   *
   * @param key the label's key
   * @return the label's value, or null when the target has no such label
   */
  public @Nullable String label(String key) {
    return labels.get(key);
  }

  /** {@return how to connect; its display name is this target's name} */
  public ConnectionSpec spec() {
    return spec;
  }

  /** {@return the credentials reference, if the target was built with one} */
  public @Nullable Credentials credentials() {
    return credentials;
  }

  /** The reference of the client key's password ({@code sslpassword}), if the target has one. */
  public @Nullable Credentials sslPassword() {
    return sslPassword;
  }

  /**
   * Whether this target's connections may go unencrypted: its sslmode is disable, allow or prefer
   * (prefer falls back to plain text against a server without TLS).
   */
  public boolean mayBeUnencrypted() {
    return !spec.sslMode().alwaysEncrypted();
  }

  /**
   * The TLS mode a target gets when its inventory names none: {@code prefer} for a loopback host
   * ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) or a Unix socket directory; otherwise
   * {@code verify-full} when a CA bundle is configured and {@code require} when not. Plain text to
   * a remote server needs an explicit {@code disable}.
   *
   * @param host the target's host as configured (not resolved)
   * @param caConfigured whether the target has an {@code sslrootcert}
   * @return the mode to use
   */
  public static io.pgmob.session.SslMode defaultSslMode(String host, boolean caConfigured) {
    if (isLoopback(host)) {
      return io.pgmob.session.SslMode.PREFER;
    }
    return caConfigured ? io.pgmob.session.SslMode.VERIFY_FULL : io.pgmob.session.SslMode.REQUIRE;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("/") || h.equals("::1")
        || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
  }

  /** This target with one more (or a replaced) label. */
  /**
   * This target with one more (or a replaced) label.
   *
   * @param key the label's key
   * @param value its value
   * @return a new target; this one is unchanged
   */
  public Target withLabel(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put(key, value);
    return new Target(name, checkLabels(m), spec, credentials, sslPassword);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t && t.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Name, labels and address; never a password. */
  @Override
  public String toString() {
    return name + labels + " " + spec.user() + "@" + spec.host() + ":" + spec.port() + "/" + spec.database()
        + (credentials != null ? " password=" + credentials.reference() : "");
  }

  /** Builder for {@link Target}. Defaults are {@link ConnectionSpec.Builder}'s. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final ConnectionSpec.Builder spec = ConnectionSpec.builder();
    private @Nullable Credentials credentials;
    private @Nullable Credentials sslPassword;
    private boolean userSet;
    private boolean sslModeSet;
    private String host = "localhost";
    private boolean caSet;

    private Builder(String name) {
      this.name = name;
      spec.name(name);
    }

    /**
     * Host name or address. Default: {@code localhost}.
     *
     * @param host host name or address. Default: {@code localhost}
     * @return this builder
     */
    public Builder host(String host) {
      spec.host(host);
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
      spec.port(port);
      return this;
    }

    /**
     * Database. Default: {@code postgres}.
     *
     * @param database database. Default: {@code postgres}
     * @return this builder
     */
    public Builder database(String database) {
      spec.database(database);
      return this;
    }

    /**
     * Login role. Required.
     *
     * @param user login role. Required
     * @return this builder
     */
    public Builder user(String user) {
      spec.user(user);
      userSet = true;
      return this;
    }

    /**
     * Where the password comes from; bound to this target's host, port, database and user when
     * built (for the password-file providers) and fetched asynchronously on every connect.
     * Default: none.
     *
     * @param credentials where the password comes from, or null for none
     * @return this builder
     */
    public Builder credentials(@Nullable Credentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * TLS mode. Default: {@link Target#defaultSslMode(String, boolean)}: prefer for a loopback
     * host, else verify-full with a CA bundle and require without.
     *
     * @param mode the TLS mode
     * @return this builder
     */
    public Builder sslMode(io.pgmob.session.SslMode mode) {
      spec.sslMode(mode);
      sslModeSet = true;
      return this;
    }

    /** The CA bundle (PEM) that signs the server's certificate, libpq's {@code sslrootcert}. Default: none. */
    public Builder sslRootCert(java.nio.file.@Nullable Path caBundle) {
      spec.sslRootCert(caBundle);
      caSet = caBundle != null;
      return this;
    }

    /** The client certificate (PEM), libpq's {@code sslcert}; needs {@link #sslKey}. Default: none. */
    public Builder sslCert(java.nio.file.@Nullable Path certificate) {
      spec.sslCert(certificate);
      return this;
    }

    /** The client key (PEM, PKCS#8, maybe encrypted), libpq's {@code sslkey}. Default: none. */
    public Builder sslKey(java.nio.file.@Nullable Path key) {
      spec.sslKey(key);
      return this;
    }

    /** Where the password of an encrypted {@link #sslKey} comes from. Default: none. */
    public Builder sslPassword(@Nullable Credentials password) {
      this.sslPassword = password;
      spec.sslPasswordSupplier(password);
      return this;
    }

    /**
     * {@code application_name}. Default: {@code pgmob}.
     *
     * @param applicationName {@code application_name}. Default: {@code pgmob}
     * @return this builder
     */
    public Builder applicationName(String applicationName) {
      spec.applicationName(applicationName);
      return this;
    }

    /**
     * Connect timeout. Default: 10 s.
     *
     * @param timeout connect timeout. Default: 10 s
     * @return this builder
     */
    public Builder connectTimeout(java.time.Duration timeout) {
      spec.connectTimeout(timeout);
      return this;
    }

    /**
     * A role to {@code SET ROLE} to after connecting.
     *
     * @param role A role to {@code SET ROLE} to after connecting
     * @return this builder
     */
    public Builder become(@Nullable String role) {
      spec.become(role);
      return this;
    }

    /**
     * An extra run-time parameter sent at connect.
     *
     * @param key a server setting, for example {@code statement_timeout}
     * @param value its value for the session
     * @return this builder
     */
    public Builder option(String key, String value) {
      spec.option(key, value);
      return this;
    }

    /**
     * Adds a label.
     *
     * @param key the label's key (letters, digits, {@code _ . - /})
     * @param value its value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * Adds labels.
     *
     * @param labels adds labels
     * @return this builder
     */
    public Builder labels(Map<String, String> labels) {
      this.labels.putAll(labels);
      return this;
    }

    /**
     * Builds the target.
     *
     * @return the target
     * @throws InvalidInputException when no user was given or a label is invalid
     */
    public Target build() {
      if (!userSet) {
        throw new InvalidInputException("target " + name + " needs a user");
      }
      if (!sslModeSet) {
        spec.sslMode(defaultSslMode(host, caSet));
      }
      Credentials bound = null;
      if (credentials != null) {
        ConnectionSpec coordinates = spec.build();
        bound = credentials.bind(new Credentials.Endpoint(coordinates.host(), coordinates.port(),
            coordinates.database(), coordinates.user()));
        spec.passwordProvider(bound::fetch);
      }
      return new Target(name, checkLabels(labels), spec.build(), bound, sslPassword);
    }
  }
}
