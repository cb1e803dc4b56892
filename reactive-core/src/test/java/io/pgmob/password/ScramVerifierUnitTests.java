package io.pgmob.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ScramVerifierUnitTests {

  /** RFC 5802 computed independently with the JDK's PBKDF2 and HMAC, for an ASCII password. */
  private static String reference(String password, byte[] salt, int iterations) throws Exception {
    SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    byte[] salted = f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    byte[] clientKey = hmac(salted, "Client Key");
    byte[] storedKey = java.security.MessageDigest.getInstance("SHA-256").digest(clientKey);
    byte[] serverKey = hmac(salted, "Server Key");
    Base64.Encoder b = Base64.getEncoder();
    return "SCRAM-SHA-256$" + iterations + ":" + b.encodeToString(salt) + "$" + b.encodeToString(storedKey) + ":"
        + b.encodeToString(serverKey);
  }

  private static byte[] hmac(byte[] key, String msg) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(msg.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void computeMatchesAnIndependentRfc5802Computation() throws Exception {
    byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    ScramVerifier v = ScramVerifier.compute("pencil", 4096, salt);
    assertThat(v.text()).isEqualTo(reference("pencil", salt, 4096));
    assertThat(ScramVerifier.parse(v.text())).isEqualTo(v);
  }

  @Test
  void defaultsArePostgresqlsIterationsAndARandom16ByteSalt() {
    ScramVerifier a = ScramVerifier.compute("pencil");
    ScramVerifier b = ScramVerifier.compute("pencil");
    assertThat(a.iterations()).isEqualTo(4096);
    assertThat(a.salt()).hasSize(16);
    assertThat(a.text()).isNotEqualTo(b.text());
    assertThat(a.matches("pencil")).isTrue();
    assertThat(b.matches("pencil")).isTrue();
    assertThat(a.matches("Pencil")).isFalse();
  }

  @Test
  void toStringShowsNeitherSaltNorKeys() {
    ScramVerifier v = ScramVerifier.compute("pencil");
    assertThat(v.toString()).isEqualTo("SCRAM-SHA-256$4096:***");
    assertThat(v.toString()).doesNotContain(Base64.getEncoder().encodeToString(v.salt()));
  }

  @Test
  void parseRefusesWhatPostgresqlWouldStoreAsPlaintext() {
    String good = ScramVerifier.compute("pencil").text();
    String[] bad = {
        "SCRAM-SHA-256$4096:c2FsdA==",                                   // no keys
        good.replace("$4096:", "$4096 :"),                                // a blank after the count
        good.replace("$4096:", "$\u0664\u0660\u0669\u0666:"),                  // Arabic-Indic digits
        good.replace("$4096:", "$\uff14\uff10\uff19\uff16:"),                  // fullwidth digits
        good.replace("=", ""),                                            // unpadded base64
        good.replace("$4096:", "$:"),                                     // empty count (kept by 18 only)
        "$" + good,                                                       // leading $ (kept by 13-17 only)
        good.replace("$4096:", "$x:"),                                    // not a number
        good.substring(0, good.lastIndexOf(':')) + ":AAAA",               // short ServerKey
        good.replace("$4096:", "$4096:!!!"),                              // bad base64 salt
        "SCRAM-SHA-256$4096::" + good.substring(good.lastIndexOf('$') + 1), // empty salt
        good + ":extra",
    };
    for (String b : bad) {
      assertThatThrownBy(() -> ScramVerifier.parse(b))
          .as(b)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("malformed SCRAM-SHA-256 verifier")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(b));
    }
  }

  @Test
  void emptyPasswordAndNulAreRefused() {
    assertThatThrownBy(() -> ScramVerifier.compute("")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ScramVerifier.compute("a\0b")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theIterationCountIsReadAsStrtolReadsItAtTheEdgesOfItsRange() {
    assertThat(ScramVerifier.strtol("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(ScramVerifier.strtol("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(ScramVerifier.strtol("9223372036854775808")).isNull();
    assertThat(ScramVerifier.strtol("-9223372036854775809")).isNull();
    assertThat(ScramVerifier.strtol("92233720368547758070")).isNull();
    assertThat(ScramVerifier.strtol("+0")).isZero();
    assertThat(ScramVerifier.strtol("-7")).isEqualTo(-7L);
    assertThat(ScramVerifier.strtol(" \t\n\u000b\f\r12")).isEqualTo(12L);
    assertThat(ScramVerifier.strtol("")).isZero(); // no digits, end at the start: "" passes the server's check
    assertThat(ScramVerifier.strtol(" ")).isNull();
    assertThat(ScramVerifier.strtol("+")).isNull();
    assertThat(ScramVerifier.strtol("1 ")).isNull();
    assertThat(ScramVerifier.strtol("/")).isNull();
    assertThat(ScramVerifier.strtol(":")).isNull();
    assertThat(ScramVerifier.strtol("0:")).isNull();
    assertThat(ScramVerifier.strtol("\u00a01")).isNull();
  }

  @Test
  void aHugeIterationCountIsRefusedBeforeAnyKeyIsDerived() {
    ScramVerifier ok = ScramVerifier.compute("pw", 4096, new byte[] {1, 2, 3});
    String keys = ok.text().substring(ok.text().indexOf('$', ScramVerifier.PREFIX.length()));
    String salt = ok.text().substring(ok.text().indexOf(':') + 1, ok.text().indexOf('$', ScramVerifier.PREFIX.length()));
    String huge = ScramVerifier.PREFIX + Integer.MAX_VALUE + ":" + salt + keys;
    assertThat(ScramVerifier.serverParses(huge, 17)).as("the server keeps it").isTrue();
    assertThatThrownBy(() -> ScramVerifier.parse(huge)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("iteration count 2147483647 is above pgmob's limit of 1000000");
    assertThatThrownBy(() -> Password.hashed(huge)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("above pgmob's limit");
    assertThatThrownBy(() -> ScramVerifier.compute("pw", ScramVerifier.MAX_ITERATIONS + 1, new byte[] {1}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("above pgmob's limit");
    String atCap = ScramVerifier.PREFIX + ScramVerifier.MAX_ITERATIONS + ":" + salt + keys;
    assertThat(ScramVerifier.parse(atCap).iterations()).isEqualTo(ScramVerifier.MAX_ITERATIONS);
    // a plaintext compared with such a stored verifier is not derived at all: it cannot be told
    assertThat(Password.plain("pw").compareWithStored(huge, "r")).isEqualTo(PasswordMatch.UNKNOWN);
  }

  @Test
  void base64IsDecodedAsTheServerDecodesIt() {
    assertThat(ScramVerifier.pgBase64Decode("")).isEmpty();
    assertThat(ScramVerifier.pgBase64Decode("Zm9v")).containsExactly('f', 'o', 'o');
    assertThat(ScramVerifier.pgBase64Decode("Zm8=")).containsExactly('f', 'o');
    assertThat(ScramVerifier.pgBase64Decode("Zg==")).containsExactly('f');
    assertThat(ScramVerifier.pgBase64Decode("Zg==Zg==")).containsExactly('f', 'f');
    assertThat(ScramVerifier.pgBase64Decode("+/+/")).containsExactly(0xfb, 0xff, 0xbf);
    assertThat(ScramVerifier.pgBase64Decode("Zg")).isNull();
    assertThat(ScramVerifier.pgBase64Decode("Z===")).isNull();
    assertThat(ScramVerifier.pgBase64Decode("=AAA")).isNull();
    assertThat(ScramVerifier.pgBase64Decode("Zm9\u007f")).isNull();
    assertThat(ScramVerifier.pgBase64Decode("Zm9\u0000")).isNull();
    assertThat(ScramVerifier.pgBase64Decode("Zm9 ")).isNull();
    assertThat(ScramVerifier.pgBase64Decode("Zm9-")).isNull();
  }

  @Test
  void versionsDifferOnlyWhereTheirTokenizersDo() {
    String good = ScramVerifier.compute("x").text();
    for (int v = 13; v <= 18; v++) {
      assertThat(ScramVerifier.serverParses(good, v)).isTrue();
      assertThat(ScramVerifier.serverParses(good + "\u0000", v)).isFalse();
      assertThat(ScramVerifier.serverParses("SCRAM-SHA-256$4096", v)).isFalse();
      assertThat(ScramVerifier.serverParses("", v)).isFalse();
    }
    assertThat(ScramVerifier.serverParses("$" + good, 17)).isTrue();
    assertThat(ScramVerifier.serverParses("$" + good, 18)).isFalse();
    String emptyCount = good.replace("$4096:", "$:");
    assertThat(ScramVerifier.serverParses(emptyCount, 18)).isTrue();
    assertThat(ScramVerifier.serverParses(emptyCount, 17)).isFalse();
    assertThat(ScramVerifier.parse(good.replace("$4096:", "$4294971392:")).iterations()).isEqualTo(4096);
    assertThat(ScramVerifier.parse(good.replace("$4096:", "$0:")).matches("x")).isFalse();
    assertThat(ScramVerifier.compute("x").equals(ScramVerifier.compute("x"))).isFalse(); // another salt
    ScramVerifier v = ScramVerifier.parse(good);
    assertThat(v).isEqualTo(ScramVerifier.parse(good)).hasSameHashCodeAs(ScramVerifier.parse(good));
    assertThat(ScramVerifier.looksLikeScram(good)).isTrue();
    assertThat(ScramVerifier.looksLikeScram("md5")).isFalse();
    assertThat(ScramVerifier.compute("x", 1, new byte[] {1}).iterations()).isEqualTo(1);
    assertThatThrownBy(() -> ScramVerifier.compute("x", 0, new byte[] {1})).isInstanceOf(InvalidInputException.class);
  }
}
