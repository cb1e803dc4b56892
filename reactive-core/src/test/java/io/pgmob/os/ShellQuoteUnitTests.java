package io.pgmob.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmob.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteUnitTests {

  @Test
  void everyWordIsSingleQuotedAndQuotesAreClosedEscapedAndReopened() {
    assertThat(ShellQuote.quote("plain")).isEqualTo("'plain'");
    assertThat(ShellQuote.quote("")).isEqualTo("''");
    assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellQuote.quote("$(id) `id` ; \\ \n")).isEqualTo("'$(id) `id` ; \\ \n'");
  }

  @Test
  void nulIsRefused() {
    assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void commandLinesQuoteWordsAndRedirectionTargetsButNotOperators() {
    CommandLine c = CommandLine.of("pg_dump", "--dbname=my db").pipe(CommandLine.of("gzip", "-c"))
        .writeTo("/b/it's.gz");
    assertThat(c.text()).isEqualTo("'pg_dump' '--dbname=my db' | 'gzip' '-c' > '/b/it'\\''s.gz'");
    assertThat(CommandLine.of(List.of("a", "b")).and(CommandLine.of("c")).readFrom("in").text())
        .isEqualTo("'a' 'b' && 'c' < 'in'");
    assertThatThrownBy(() -> CommandLine.of(List.of())).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> CommandLine.of("")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void wrapperOutputIsDecodedInOrderWithTheExitStatus() {
    CommandResult r = OsCommands.parse(List.of("YQliXGMK", "ZA==", "__pgmob_exit=7"));
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(r.output()).isEqualTo("a\tb\\c\nd");
    assertThat(r.lines()).containsExactly("a\tb\\c", "d");
    assertThat(OsCommands.parse(List.of("__pgmob_exit=0")).output()).isEmpty();
  }
}
