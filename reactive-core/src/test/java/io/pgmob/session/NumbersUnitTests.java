package io.pgmob.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumbersUnitTests {

  // "10" in Arabic-Indic (U+0661 U+0660) and in Devanagari (U+0967 U+0966) digits: Long.parseLong reads both as 10
  private static final List<String> NOT_ASCII = List.of("\u0661\u0660", "\u0967\u0966", "1\u0660");

  @Test
  void onlyAsciiDigitsAreNumbers() {
    assertThat(Numbers.parseLong("10", "x")).isEqualTo(10L);
    assertThat(Numbers.parseLong("-3", "x")).isEqualTo(-3L);
    assertThat(Numbers.parseInt("2147483647", "x")).isEqualTo(Integer.MAX_VALUE);
    assertThat(Numbers.parseDecimal("12.5", "x")).isEqualTo(12.5);
    for (String bad : List.of("", "+1", " 1", "1 ", "1_000", "9223372036854775808", "--1", "0x1", "1.0")) {
      assertThatThrownBy(() -> Numbers.parseLong(bad, "the field")).as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("the field must be a whole number written with the digits 0-9");
    }
    assertThatThrownBy(() -> Numbers.parseInt("2147483648", "f")).hasMessage("f must fit in 32 bits, got '2147483648'");
    for (String bad : List.of("1e1", "10d", "NaN", "Infinity", ".5", "5.", "-1", "0x1p3")) {
      assertThatThrownBy(() -> Numbers.parseDecimal(bad, "p")).as(bad).isInstanceOf(InvalidInputException.class);
    }
    for (String bad : NOT_ASCII) {
      assertThat(Long.parseLong(bad)).as("what the JDK accepts").isEqualTo(10L);
      assertThatThrownBy(() -> Numbers.parseLong(bad, "n")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Numbers.parseDecimal(bad, "n")).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void aUriConnectTimeoutOrSslModeThatIsNotOneIsAClearError() {
    assertThat(ConnectionSpec.fromUri("postgresql://u@h/db?connect_timeout=7").connectTimeout()).isEqualTo(Duration.ofSeconds(7));
    for (String bad : NOT_ASCII) {
      assertThatThrownBy(() -> ConnectionSpec.fromUri("postgresql://u@h/db?connect_timeout=" + bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("connect_timeout in a connection URI must be a whole number written with the digits 0-9");
    }
    assertThatThrownBy(() -> ConnectionSpec.fromUri("postgresql://u@h/db?connect_timeout=0"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 1 second");
    assertThatThrownBy(() -> ConnectionSpec.fromUri("postgresql://u:secret@h/db?sslmode=sometimes"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown sslmode 'sometimes'")
        .hasMessageNotContaining("secret");
  }
}
