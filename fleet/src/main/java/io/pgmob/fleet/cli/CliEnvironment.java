package io.pgmob.fleet.cli;

import java.io.PrintWriter;
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
 * @param out standard output (data: rows, summaries)
 * @param err standard error (progress, messages)
 * @param env environment variables
 * @param terminal whether {@code err} is an interactive terminal
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Function<String, @Nullable String> env,
    boolean terminal) {

  public CliEnvironment {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(env, "env");
  }

  /** The process's own streams and environment. */
  public static CliEnvironment system() {
    return new CliEnvironment(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8), System::getenv, System.console() != null);
  }

  /** Writers and a fixed environment (for tests and embedding); not a terminal. */
  public static CliEnvironment of(PrintWriter out, PrintWriter err, Map<String, String> env) {
    Map<String, String> copy = Map.copyOf(env);
    return new CliEnvironment(out, err, copy::get, false);
  }
}
