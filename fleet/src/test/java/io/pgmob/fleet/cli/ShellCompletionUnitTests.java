package io.pgmob.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgmob generate-completion}: a bash (and zsh, through bashcompinit) completion script. */
class ShellCompletionUnitTests {

  @TempDir
  Path dir;

  record Shell(int exitCode, String output) {}

  static Shell bash(Path workDir, String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(args)).directory(workDir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bash finished").isTrue();
    return new Shell(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  Path script() throws IOException {
    CliRun run = CliRun.run("generate-completion");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).as("a non-empty script").contains("complete -F _complete_pgmob", "fleet");
    Path script = dir.resolve("pgmob_completion");
    Files.writeString(script, run.out());
    return script;
  }

  @Test
  void theGeneratedScriptIsValidBash() throws Exception {
    Shell check = bash(dir, "bash", "-n", script().toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
  }

  @Test
  void completingFlOffersFleetAndFleetSubcommandsAreOffered() throws Exception {
    Path script = script();
    // what bash does on TAB after "pgmob fl", then after "pgmob fleet ro"
    String driver = """
        source "$1"
        complete_words() {
          COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
          _complete_pgmob pgmob "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
          echo "[${COMPREPLY[*]}]"
        }
        complete_words pgmob fl
        complete_words pgmob fleet ro
        """;
    Shell run = bash(dir, "bash", "-c", driver, "driver", script.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> lines = run.output().lines().filter(l -> l.startsWith("[")).toList();
    assertThat(lines).as(run.output()).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("[fleet]");
    assertThat(lines.get(1).replaceAll("[\\[\\]]", "").split(" ")).contains("rollout", "rotate-password");
  }

  @Test
  void theCommandIsListedInTheHelp() {
    CliRun run = CliRun.run("--help");
    assertThat(run.out()).as(run.toString()).contains("generate-completion");
  }
}
