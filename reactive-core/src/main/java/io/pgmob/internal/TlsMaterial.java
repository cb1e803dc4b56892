package io.pgmob.internal;

import io.pgmob.error.InvalidInputException;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.session.SslMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS files of a {@link ConnectionSpec} read into what both wire drivers take: a trust manager
 * factory over the CA bundle and a key manager factory over the client certificate and key. Read
 * with the JDK alone (PEM, PKCS#8, PBES2-encrypted PKCS#8), so both transports accept exactly the
 * same files and report the same errors. Error messages name the file and the parameter, never the
 * key password.
 */
final class TlsMaterial {

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "EdDSA", "DSA"};

  private final @Nullable TrustManagerFactory trust;
  private final @Nullable KeyManagerFactory keys;

  private TlsMaterial(@Nullable TrustManagerFactory trust, @Nullable KeyManagerFactory keys) {
    this.trust = trust;
    this.keys = keys;
  }

  /**
   * Reads the spec's TLS files, or returns {@code null} when it names none (or TLS is disabled).
   *
   * @throws InvalidInputException naming the parameter and file that could not be used
   */
  static @Nullable TlsMaterial of(ConnectionSpec spec) {
    if (spec.sslMode() == SslMode.DISABLE || (spec.sslRootCert() == null && spec.sslCert() == null)) {
      return null;
    }
    TrustManagerFactory trust = spec.sslRootCert() == null ? null : trust(spec.sslRootCert());
    KeyManagerFactory keys = null;
    Path cert = spec.sslCert();
    Path key = spec.sslKey();
    if (cert != null && key != null) {
      keys = keys(cert, key, spec.sslPasswordSupplier());
    }
    return new TlsMaterial(trust, keys);
  }

  /** The trust manager factory over the CA bundle, or null when none was configured. */
  @Nullable TrustManagerFactory trust() {
    return trust;
  }

  /** The key manager factory over the client certificate, or null when none was configured. */
  @Nullable KeyManagerFactory keys() {
    return keys;
  }

  private static TrustManagerFactory trust(Path bundle) {
    List<X509Certificate> cas = certificates(bundle, "sslrootcert");
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ks.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(ks);
      return f;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException("sslrootcert " + bundle + " cannot be used as a trust store: "
          + e.getClass().getSimpleName());
    }
  }

  private static KeyManagerFactory keys(Path cert, Path keyFile, @Nullable Supplier<? extends CharSequence> password) {
    List<X509Certificate> chain = certificates(cert, "sslcert");
    PrivateKey key = privateKey(keyFile, password);
    char[] storePassword = randomPassword();
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", key, storePassword, chain.toArray(new Certificate[0]));
      KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      f.init(ks, storePassword);
      return f;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException("sslcert " + cert + " and sslkey " + keyFile + " do not make a client"
          + " certificate (does the key belong to the certificate?): " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(storePassword, '\0');
    }
  }

  private static List<X509Certificate> certificates(Path file, String parameter) {
    String text = read(file, parameter);
    try {
      Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : read) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new InvalidInputException(parameter + " " + file + " holds no PEM certificate");
      }
      return out;
    } catch (CertificateException e) {
      throw new InvalidInputException(parameter + " " + file + " holds no readable PEM certificate ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static PrivateKey privateKey(Path file, @Nullable Supplier<? extends CharSequence> password) {
    String text = read(file, "sslkey");
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("sslkey " + file + ": the " + type + " block is not valid base64");
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, new PKCS8EncodedKeySpec(der));
        case "ENCRYPTED PRIVATE KEY":
          return pkcs8(file, decrypt(file, der, password));
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
          throw new InvalidInputException("sslkey " + file + " is a " + type + " (PKCS#1/SEC1) key; pgmob reads"
              + " PKCS#8 keys: convert it with 'openssl pkcs8 -topk8 -in KEY -out KEY.pk8' (add -nocrypt to"
              + " leave it unencrypted)");
        default:
          // a certificate or parameters block beside the key: look further
      }
    }
    throw new InvalidInputException("sslkey " + file + " holds no PEM private key (BEGIN PRIVATE KEY or"
        + " BEGIN ENCRYPTED PRIVATE KEY)");
  }

  private static PKCS8EncodedKeySpec decrypt(Path file, byte[] der, @Nullable Supplier<? extends CharSequence> password) {
    if (password == null) {
      throw new InvalidInputException("sslkey " + file + " is encrypted and no sslpassword is set");
    }
    CharSequence given;
    try {
      given = password.get();
    } catch (RuntimeException e) {
      throw new InvalidInputException("the sslpassword supplier for sslkey " + file + " failed: "
          + e.getClass().getName());
    }
    if (given == null) {
      throw new InvalidInputException("sslkey " + file + " is encrypted and the sslpassword supplier gave nothing");
    }
    char[] chars = given.toString().toCharArray();
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      // PBES2 names its real algorithm in the parameters (e.g. PBEWithHmacSHA256AndAES_256)
      String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
      SecretKeyFactory f = SecretKeyFactory.getInstance(algorithm);
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, f.generateSecret(new PBEKeySpec(chars)), info.getAlgParameters());
      return info.getKeySpec(cipher);
    } catch (InvalidKeySpecException e) {
      throw new InvalidInputException("sslkey " + file + " cannot be decrypted with the given sslpassword");
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidInputException("sslkey " + file + " is encrypted in a way this JDK cannot read ("
          + e.getClass().getSimpleName() + "); re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'");
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static PrivateKey pkcs8(Path file, PKCS8EncodedKeySpec spec) {
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | IllegalArgumentException notThisOne) {
        // try the next algorithm
      }
    }
    throw new InvalidInputException("sslkey " + file + " is not an RSA, EC or EdDSA private key in PKCS#8");
  }

  private static String read(Path file, String parameter) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(parameter + " " + file + " does not exist");
    } catch (IOException e) {
      throw new InvalidInputException(parameter + " " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private static char[] randomPassword() {
    SecureRandom r = new SecureRandom();
    char[] c = new char[24];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) ('a' + r.nextInt(26));
    }
    return c;
  }
}
