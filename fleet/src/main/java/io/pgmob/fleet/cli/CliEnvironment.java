package io.pgmob.fleet.cli;

import io.pgmob.fleet.internal.Terminal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the tool reads from and writes to outside its arguments: standard output and error, the
 * environment (for {@code --password-env} and the default inventory), and whether stderr is a
 * terminal (for the live progress bar). Tests run the tool in-process with their own.
 *
 * @param in standard input (answers to {@code --confirm-waves})
 * @param out standard output (data: rows, summaries)
 * @param err standard error (progress, messages)
 * @param env environment variables
 * @param terminal whether {@code err} is an interactive terminal
 */
public record CliEnvironment(BufferedReader in, PrintWriter out, PrintWriter err, Function<String, @Nullable String> env,
    boolean terminal) {

  /**
   * Checks that every part is given.
   *
   * @param in standard input (answers to {@code --confirm-waves})
   * @param out standard output (data: rows, summaries)
   * @param err standard error (progress, messages)
   * @param env environment variables
   * @param terminal whether {@code err} is an interactive terminal
   */
  public CliEnvironment {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(env, "env");
  }

  /** {@return the process's own streams and environment} */
  public static CliEnvironment system() {
    return new CliEnvironment(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), System::getenv, Terminal.stderrIsTerminal());
  }

  /**
   * Writers and a fixed environment (for tests and embedding); empty input; not a terminal.
   *
   * @param out standard output
   * @param err standard error
   * @param env the environment variables the command sees
   * @return the environment
   */
  public static CliEnvironment of(PrintWriter out, PrintWriter err, Map<String, String> env) {
    return of("", out, err, env);
  }

  /**
   * Like {@link #of(PrintWriter, PrintWriter, Map)} with {@code input} as standard input.
   *
   * @param input what standard input holds
   * @param out standard output
   * @param err standard error
   * @param env the environment variables the command sees
   * @return the environment
   */
  public static CliEnvironment of(String input, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Map<String, String> copy = Map.copyOf(env);
    return new CliEnvironment(new BufferedReader(new StringReader(input)), out, err, copy::get, false);
  }
}
