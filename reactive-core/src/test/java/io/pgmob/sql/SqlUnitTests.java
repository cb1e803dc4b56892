package io.pgmob.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlUnitTests {

  @Test
  void identifierIsAlwaysQuotedWithInnerQuotesDoubled() {
    assertThat(Identifier.of("app").text()).isEqualTo("\"app\"");
    assertThat(Identifier.of("Mixed Case").text()).isEqualTo("\"Mixed Case\"");
    assertThat(Identifier.of("a\"b").text()).isEqualTo("\"a\"\"b\"");
    assertThat(Identifier.of("select").text()).isEqualTo("\"select\"");
    assertThat(Identifier.of("back\\slash").text()).isEqualTo("\"back\\slash\"");
  }

  @Test
  void identifierRefusesEmptyNulAndOverlongNames() {
    assertThatThrownBy(() -> Identifier.of("")).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Identifier.of("a\0b")).isInstanceOf(InvalidInputException.class).hasMessageContaining("NUL");
    assertThat(Identifier.of("x".repeat(63)).name()).hasSize(63);
    assertThatThrownBy(() -> Identifier.of("x".repeat(64)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("64 bytes");
    // 32 two-byte characters are 64 bytes: PostgreSQL would truncate them
    assertThatThrownBy(() -> Identifier.of("é".repeat(32))).hasMessageContaining("64 bytes");
  }

  @Test
  void literalDoublesQuotesAndUsesEscapeFormForBackslashes() {
    assertThat(Literal.of("it's").text()).isEqualTo("'it''s'");
    assertThat(Literal.of("a\\b").text()).isEqualTo("E'a\\\\b'");
    assertThat(Literal.of("a\\'b").text()).isEqualTo("E'a\\\\''b'");
    assertThat(Literal.of(null).text()).isEqualTo("NULL");
    assertThatThrownBy(() -> Literal.of("a\0")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void secretLiteralIsRedactedEverywhereButText() {
    Sql sql = Sql.format("ALTER ROLE {} PASSWORD {}", Identifier.of("app"), Literal.secret("s3cr3t"));
    assertThat(sql.text()).isEqualTo("ALTER ROLE \"app\" PASSWORD 's3cr3t'");
    assertThat(sql.redacted()).isEqualTo("ALTER ROLE \"app\" PASSWORD '***'");
    assertThat(sql.toString()).doesNotContain("s3cr3t");
    assertThat(sql.hasSecrets()).isTrue();
  }

  @Test
  void formatRefusesPlainStringsAndCountsPlaceholders() {
    assertThatThrownBy(() -> Sql.format("DROP ROLE {}", "app"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Identifier.of");
    assertThatThrownBy(() -> Sql.format("SELECT {}, {}", Literal.of("a")))
        .hasMessageContaining("more {} than the 1 arguments");
    assertThatThrownBy(() -> Sql.format("SELECT 1", Literal.of("a")))
        .hasMessageContaining("0 {} but 1 arguments");
    assertThat(Sql.format("SELECT {}, {}, '{{}}'", 42, true).text()).isEqualTo("SELECT 42, TRUE, '{}'");
  }

  @Test
  void joinAndQualifiedNames() {
    Sql s = Sql.join(", ", List.of(Identifier.of("a"), QualifiedName.of("s", "t"), QualifiedName.of("u")));
    assertThat(s.text()).isEqualTo("\"a\", \"s\".\"t\", \"u\"");
    assertThat(QualifiedName.of("s", "t").inSchema("n").text()).isEqualTo("\"n\".\"t\"");
  }

  /** Every way a value becomes SQL text, each with {@code text} as its only input. */
  static final List<java.util.Map.Entry<String, java.util.function.Consumer<String>>> KINDS = List.of(
      java.util.Map.entry("Literal.of", Literal::of),
      java.util.Map.entry("Literal.secret", Literal::secret),
      java.util.Map.entry("Identifier.of", Identifier::of),
      java.util.Map.entry("Identifier.validate", t -> Identifier.validate(t, "role name")),
      java.util.Map.entry("QualifiedName schema", t -> QualifiedName.of(t, "x")),
      java.util.Map.entry("QualifiedName name", t -> QualifiedName.of("s", t)),
      java.util.Map.entry("QualifiedName unqualified", QualifiedName::of),
      java.util.Map.entry("QualifiedName.inSchema", t -> QualifiedName.of("x").inSchema(t)),
      java.util.Map.entry("Sql.raw", Sql::raw),
      java.util.Map.entry("Sql.format template", t -> Sql.format(t)));

  @Test
  void nulAsTheFirstOrAnyCharacterIsRefusedByEveryKindNamingItsPosition() {
    for (var kind : KINDS) {
      for (String text : List.of("\0", "\0abc", "ab\0", "a\0b")) {
        assertThatThrownBy(() -> kind.getValue().accept(text)).as(kind.getKey() + " " + text.indexOf('\0'))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("NUL")
            .hasMessageContaining("index " + text.indexOf('\0'));
      }
    }
  }

  @Test
  void textThatIsNotValidUtf16IsRefusedByEveryKindWithOneRuleNamingThePosition() {
    String high = "\ud83d";
    String low = "\ude00";
    for (var kind : KINDS) {
      for (String text : List.of(high, "ab" + high, high + "ab", "a" + low + "b", low + high, "x" + high + high + low)) {
        int at = SqlText.firstInvalid(text);
        assertThatThrownBy(() -> kind.getValue().accept(text)).as(kind.getKey() + " at " + at)
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("unpaired")
            .hasMessageContaining("index " + at);
      }
      // a surrogate pair is one character (an emoji), and fine
      kind.getValue().accept("ok " + high + low);
    }
    assertThat(Literal.of("a" + high + low).text()).isEqualTo("'a" + high + low + "'");
    assertThatThrownBy(() -> Literal.of("a" + high)).hasMessageContaining("unpaired high surrogate U+D83D at index 1");
    assertThatThrownBy(() -> Literal.of("ab" + low)).hasMessageContaining("unpaired low surrogate U+DE00 at index 2");
    assertThatThrownBy(() -> Literal.secret("s3cret" + high)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThat(SqlText.firstInvalid("")).isEqualTo(-1);
    assertThat(SqlText.firstInvalid(high + low + high + low)).isEqualTo(-1);
    assertThat(SqlText.firstInvalid(high + low + high)).isEqualTo(2);
    assertThat(SqlText.check("fine", "x")).isEqualTo("fine");
  }

  @Test
  void validateReturnsTheNameAndToStringIsTheRedactedText() {
    assertThat(Identifier.validate("app", "role name")).isEqualTo("app");
    Sql s = Sql.format("ALTER ROLE {} PASSWORD {}", Identifier.of("a"), Literal.secret("pw"));
    assertThat(s).hasToString("ALTER ROLE \"a\" PASSWORD '***'");
    assertThat(Sql.format("SELECT {}", 5)).hasToString("SELECT 5");
    assertThat(Sql.format("SELECT '{{}}', {}", Literal.of("x")).text()).isEqualTo("SELECT '{}', 'x'");
    assertThat(Sql.format("{}", Literal.of("x")).text()).isEqualTo("'x'");
    assertThat(Sql.format("a{}", Literal.of("x")).text()).isEqualTo("a'x'");
    assertThat(Sql.format("{}b", Literal.of("x")).text()).isEqualTo("'x'b");
    assertThat(Sql.format("{").text()).isEqualTo("{");
    assertThat(Sql.format("}{").text()).isEqualTo("}{");
    assertThat(Literal.of("\\").text()).isEqualTo("E'\\\\'");
    assertThatThrownBy(() -> Identifier.of("x".repeat(64))).hasMessageContaining("\"" + "x".repeat(64) + "\"");
    assertThatThrownBy(() -> Identifier.of("x".repeat(81) + "é".repeat(0) + "y".repeat(0)))
        .hasMessageContaining("x".repeat(80) + "...");
  }
}
