package io.pgmob.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS8EncryptedPrivateKeyInfoBuilder;

/**
 * Certificates made at test time for TLS servers and clients, so that no key is ever checked in:
 * a certificate authority, server certificates for given host names and addresses, and client
 * certificates for a role (its common name, as PostgreSQL's {@code cert} authentication wants).
 * Keys are EC P-256; private keys are written as PKCS#8 PEM, plain or encrypted (PBES2,
 * AES-256-CBC, HMAC-SHA256, as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes them).
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority("pgmob test CA");
 * TestCertificates.Issued server = ca.server("localhost");
 * try (PgServer pg = PgServers.start(ServerSpec.builder().tls(server, ca)
 *     .hba("hostssl all alice 127.0.0.1/32 cert").build())) {
 *   Path caFile = ca.writeCertificate(dir.resolve("root.crt"));
 *   ...
 * }
 * }</pre>
 */
public final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private TestCertificates() {}

  /**
   * A new self-signed certificate authority, valid from an hour ago for a day.
   *
   * @param commonName the CA's subject common name
   * @return the authority, able to issue server and client certificates
   */
  public static Authority authority(String commonName) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = builder(subject, subject, keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(subject, keys, sign(b, keys));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a test certificate authority", e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
    try {
      ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(b.build(s));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an EC key pair", e);
    }
  }

  private static String pem(Object o) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static Path write(Path file, String text, boolean secret) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.US_ASCII);
      if (secret) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** A certificate authority made by {@link #authority(String)}. */
  public static final class Authority {
    private final X500Name subject;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private Authority(X500Name subject, KeyPair keys, X509Certificate certificate) {
      this.subject = subject;
      this.keys = keys;
      this.certificate = certificate;
    }

    /** {@return the CA certificate} */
    public X509Certificate certificate() {
      return certificate;
    }

    /** {@return the CA certificate as PEM} */
    public String certificatePem() {
      return pem(certificate);
    }

    /**
     * Writes the CA certificate as PEM (what a client names as {@code sslrootcert}).
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path writeCertificate(Path file) {
      return write(file, certificatePem(), false);
    }

    /**
     * A server certificate for the given names: host names become DNS names, literal addresses IP
     * addresses of the subject alternative names; the first is also the common name.
     *
     * @param names at least one host name or address
     * @return the certificate and its key
     */
    public Issued server(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("a server certificate needs at least one name");
      }
      List<GeneralName> alt = new ArrayList<>();
      for (String n : names) {
        alt.add(new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
      }
      return issue(names[0], new GeneralNames(alt.toArray(new GeneralName[0])), KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * A client certificate whose common name is {@code role}, for {@code cert} authentication.
     *
     * @param role the login role
     * @return the certificate and its key
     */
    public Issued client(String role) {
      return issue(role, null, KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String commonName, GeneralNames alt, KeyPurposeId purpose) {
      KeyPair pair = newKeyPair();
      try {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = builder(subject, new X500Name("CN=" + commonName), pair);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        if (alt != null) {
          b.addExtension(Extension.subjectAlternativeName, false, alt);
        }
        return new Issued(sign(b, keys), pair);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
      }
    }

    private static boolean isAddress(String name) {
      return name.matches("[0-9.]+") || name.contains(":");
    }
  }

  /** A certificate issued by an {@link Authority}, with its private key. */
  public static final class Issued {
    private final X509Certificate certificate;
    private final KeyPair keys;

    private Issued(X509Certificate certificate, KeyPair keys) {
      this.certificate = certificate;
      this.keys = keys;
    }

    /** {@return the certificate} */
    public X509Certificate certificate() {
      return certificate;
    }

    /** {@return the certificate as PEM} */
    public String certificatePem() {
      return pem(certificate);
    }

    /** {@return the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY})} */
    public String privateKeyPem() {
      try {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
      } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
        throw new IllegalStateException("cannot encode a test key", e);
      }
    }

    /**
     * The private key as encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}).
     *
     * @param password the password to encrypt with
     * @return the PEM text
     */
    public String encryptedPrivateKeyPem(char[] password) {
      Objects.requireNonNull(password, "password");
      try {
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
            .setPassword(password)
            .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
            .setIterationCount(2048)
            .setRandom(RANDOM)
            // BouncyCastle's own provider, not registered in the JVM: the JDK's lacks PKCS7Padding
            .setProvider(BC)
            .build();
        return pem(new JcaPKCS8EncryptedPrivateKeyInfoBuilder(keys.getPrivate()).build(enc));
      } catch (OperatorCreationException e) {
        throw new IllegalStateException("cannot encrypt a test key", e);
      }
    }

    /**
     * Writes the certificate as PEM.
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path writeCertificate(Path file) {
      return write(file, certificatePem(), false);
    }

    /**
     * Writes the unencrypted private key as PKCS#8 PEM, readable by its owner only.
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path writeKey(Path file) {
      return write(file, privateKeyPem(), true);
    }

    /**
     * Writes the private key encrypted with {@code password}, readable by its owner only.
     *
     * @param file where to write
     * @param password the password to encrypt with
     * @return {@code file}
     */
    public Path writeEncryptedKey(Path file, char[] password) {
      return write(file, encryptedPrivateKeyPem(password), true);
    }
  }
}
