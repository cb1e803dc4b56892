package io.pgmob.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class PasswordUnitTests {

  @Test
  void plaintextIsSentAsAFreshVerifierAndNeverPrinted() {
    Password p = Password.plain("correct horse");
    assertThat(p.toString()).isEqualTo("Password[PLAINTEXT, ***]");
    var lit = p.toSecretLiteral();
    assertThat(lit.isSecret()).isTrue();
    assertThat(lit.redacted()).isEqualTo("'***'");
    assertThat(lit.text()).startsWith("'SCRAM-SHA-256$4096:").doesNotContain("correct horse");
    String verifier = lit.text().substring(1, lit.text().length() - 1);
    assertThat(ScramVerifier.parse(verifier).matches("correct horse")).isTrue();
  }

  @Test
  void hashedValuesAreValidatedBeforeAnythingIsSent() {
    String scram = ScramVerifier.compute("x").text();
    assertThat(Password.hashed(scram).kind()).isEqualTo(Password.Kind.SCRAM_VERIFIER);
    assertThat(Password.hashed("md5" + "0123456789abcdef0123456789abcdef").kind()).isEqualTo(Password.Kind.MD5_HASH);
    assertThatThrownBy(() -> Password.hashed("md5" + "0123456789ABCDEF0123456789ABCDEF"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed md5");
    assertThatThrownBy(() -> Password.hashed("md5abc")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Password.hashed("SCRAM-SHA-256$4096:abc")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Password.hashed("hunter2"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThatThrownBy(() -> Password.plain("")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void comparesAPlaintextWithStoredScramAndMd5Values() {
    String stored = ScramVerifier.compute("s3cret").text();
    assertThat(Password.plain("s3cret").compareWithStored(stored, "app")).isEqualTo(PasswordMatch.MATCHES);
    assertThat(Password.plain("other").compareWithStored(stored, "app")).isEqualTo(PasswordMatch.DIFFERS);
    assertThat(Password.plain("s3cret").compareWithStored(null, "app")).isEqualTo(PasswordMatch.DIFFERS);
    // md5('s3cretapp'), as PostgreSQL stores it for role "app"
    String md5 = Password.md5("s3cret", "app");
    assertThat(md5).hasSize(35).startsWith("md5");
    assertThat(Password.plain("s3cret").compareWithStored(md5, "app")).isEqualTo(PasswordMatch.MATCHES);
    assertThat(Password.plain("s3cret").compareWithStored(md5, "other")).isEqualTo(PasswordMatch.DIFFERS);
    assertThat(Password.hashed(stored).compareWithStored(stored, "app")).isEqualTo(PasswordMatch.MATCHES);
  }

  @Test
  void equalityIsByKindAndValue() {
    assertThat(Password.plain("a")).isEqualTo(Password.plain("a")).isNotEqualTo(Password.plain("b"));
    String md5 = Password.md5("a", "r");
    assertThat(Password.hashed(md5)).isEqualTo(Password.hashed(md5)).isNotEqualTo(Password.plain(md5));
    assertThat(Password.isMd5Hash(md5)).isTrue();
    assertThat(Password.isMd5Hash(md5 + "0")).isFalse();
    assertThat(Password.isMd5Hash("xyz" + md5.substring(3))).isFalse();
    assertThat(Password.isMd5Hash(md5.substring(0, 34) + "/")).isFalse();
    assertThat(Password.isMd5Hash(md5.substring(0, 34) + ":")).isFalse();
    assertThat(Password.isMd5Hash(md5.substring(0, 34) + "`")).isFalse();
    assertThat(Password.isMd5Hash(md5.substring(0, 34) + "g")).isFalse();
    assertThatThrownBy(() -> Password.plain("a\ud800")).hasMessageContaining("unpaired");
  }
}
