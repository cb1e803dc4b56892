package io.pgmob.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What kind of server a test needs: major version, authentication and extra settings.
 *
 * <p>Immutable; build one with {@link #builder()}. Two equal specs may share a server.
 */
public final class ServerSpec {

  /** How clients authenticate over TCP. */
  public enum Auth {
    /** SCRAM-SHA-256 with a password for every role (the default). */
    SCRAM,
    /** No password; any TCP client from loopback is trusted. */
    TRUST
  }

  /** The major version used when a test does not name one: 15, unless {@code pgmob.test.version} says otherwise. */
  public static final int DEFAULT_VERSION = Integer.getInteger("pgmob.test.version", 15);

  private final int majorVersion;
  private final Auth auth;
  private final Map<String, String> settings;
  private final TestCertificates.@Nullable Issued tlsCertificate;
  private final TestCertificates.@Nullable Authority tlsClientCa;
  private final List<String> hba;

  private ServerSpec(Builder b) {
    this.majorVersion = b.majorVersion;
    this.auth = b.auth;
    this.settings = Map.copyOf(b.settings);
    this.tlsCertificate = b.tlsCertificate;
    this.tlsClientCa = b.tlsClientCa;
    this.hba = List.copyOf(b.hba);
  }

  /** {@return a spec with all defaults: {@link #DEFAULT_VERSION}, SCRAM, no extra settings} */
  public static ServerSpec defaults() {
    return builder().build();
  }

  /** {@return a builder with the defaults: {@link #DEFAULT_VERSION}, SCRAM, no extra settings} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this spec's values} */
  public Builder toBuilder() {
    Builder b = new Builder().majorVersion(majorVersion).auth(auth);
    b.settings.putAll(settings);
    b.tlsCertificate = tlsCertificate;
    b.tlsClientCa = tlsClientCa;
    b.hba.addAll(hba);
    return b;
  }

  /** {@return the PostgreSQL major version} */
  public int majorVersion() {
    return majorVersion;
  }

  /** {@return how clients authenticate over TCP} */
  public Auth auth() {
    return auth;
  }

  /** {@return extra {@code postgresql.conf} settings, for example {@code wal_level=logical}} */
  public Map<String, String> settings() {
    return settings;
  }

  /** {@return the server certificate when the server offers TLS; null when it does not} */
  public TestCertificates.@Nullable Issued tlsCertificate() {
    return tlsCertificate;
  }

  /** {@return the authority whose client certificates the server accepts ({@code ssl_ca_file}), or null} */
  public TestCertificates.@Nullable Authority tlsClientCa() {
    return tlsClientCa;
  }

  /** {@return {@code pg_hba.conf} lines placed before the default ones, in order} */
  public List<String> hba() {
    return hba;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerSpec s
        && s.majorVersion == majorVersion
        && s.auth == auth
        && s.settings.equals(settings)
        && s.tlsCertificate == tlsCertificate
        && s.tlsClientCa == tlsClientCa
        && s.hba.equals(hba);
  }

  @Override
  public int hashCode() {
    return Objects.hash(majorVersion, auth, settings, System.identityHashCode(tlsCertificate), hba);
  }

  @Override
  public String toString() {
    return "ServerSpec[version=" + majorVersion + ", auth=" + auth + ", settings=" + settings
        + (tlsCertificate != null ? ", tls" : "") + (hba.isEmpty() ? "" : ", hba=" + hba) + "]";
  }

  /** Builder for {@link ServerSpec}. */
  public static final class Builder {
    private int majorVersion = DEFAULT_VERSION;
    private Auth auth = Auth.SCRAM;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private TestCertificates.@Nullable Issued tlsCertificate;
    private TestCertificates.@Nullable Authority tlsClientCa;
    private final List<String> hba = new ArrayList<>();

    private Builder() {}

    /**
     * Makes the server offer TLS ({@code ssl = on}) with {@code certificate} and, when {@code
     * clientCa} is given, accept client certificates it signed ({@code ssl_ca_file}, for {@code
     * cert} authentication or {@code clientcert=}). Default: no TLS. Embedded servers only.
     *
     * @param certificate the server's certificate and key, from {@link TestCertificates}
     * @param clientCa the authority of client certificates, or null
     * @return this builder
     */
    public Builder tls(TestCertificates.Issued certificate, TestCertificates.@Nullable Authority clientCa) {
      this.tlsCertificate = Objects.requireNonNull(certificate, "certificate");
      this.tlsClientCa = clientCa;
      return this;
    }

    /**
     * Adds a {@code pg_hba.conf} line, placed before the default rules (so it wins), for example
     * {@code hostssl all alice 127.0.0.1/32 cert}. Embedded servers only.
     *
     * @param line the rule
     * @return this builder
     */
    public Builder hba(String line) {
      if (line.isBlank() || line.contains("\n")) {
        throw new IllegalArgumentException("an hba rule is one non-empty line, got '" + line + "'");
      }
      hba.add(line);
      return this;
    }

    /**
     * The PostgreSQL major version, 13 to 18. Default: {@link #DEFAULT_VERSION}.
     *
     * @param majorVersion 13 to 18
     * @return this builder
     */
    public Builder majorVersion(int majorVersion) {
      if (majorVersion < 13 || majorVersion > 18) {
        throw new IllegalArgumentException(
            "PostgreSQL major version must be between 13 and 18, got " + majorVersion);
      }
      this.majorVersion = majorVersion;
      return this;
    }

    /**
     * Client authentication. Default: {@link Auth#SCRAM}.
     *
     * @param auth how clients authenticate over TCP
     * @return this builder
     */
    public Builder auth(Auth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Adds a {@code postgresql.conf} setting, for example {@code ("wal_level", "logical")}.
     *
     * @param name the setting's name
     * @param value its value, as written in {@code postgresql.conf}
     * @return this builder
     */
    public Builder setting(String name, String value) {
      if (!name.matches("[a-z_][a-z0-9_.]*")) {
        throw new IllegalArgumentException("not a setting name: '" + name + "'");
      }
      settings.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds settings written as {@code name=value}.
     *
     * @param assignments {@code name=value} each
     * @return this builder
     */
    public Builder settings(String... assignments) {
      for (String a : assignments) {
        int eq = a.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("setting must look like name=value, got '" + a + "'");
        }
        setting(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
      }
      return this;
    }

    /** {@return the spec} */
    public ServerSpec build() {
      return new ServerSpec(this);
    }
  }
}
