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
}
