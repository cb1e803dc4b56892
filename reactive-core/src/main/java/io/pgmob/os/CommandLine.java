package io.pgmob.os;

import io.pgmob.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A shell command line built from argument lists, so that no word is ever interpreted by the
 * shell. Immutable.
 *
 * <pre>{@code
 * CommandLine.of("pg_dump", "--dbname=" + db, "--schema-only")
 *     .pipe(CommandLine.of("gzip", "-c"))
 *     .writeTo("/backups/" + db + ".sql.gz");
 * // 'pg_dump' '--dbname=my db' '--schema-only' | 'gzip' '-c' > '/backups/my db.sql.gz'
 * }</pre>
 *
 * <p>Every word and every redirection target is quoted by {@link ShellQuote}; the operators
 * ({@code |}, {@code &&}, {@code >}, {@code <}) are the only text pgmob writes itself. {@link
 * #trustedScript(String)} is the one way to pass shell code as is (for hooks the operator wrote),
 * and says so in its name.
 */
public final class CommandLine {

  private final String text;

  private CommandLine(String text) {
    this.text = text;
  }

  /**
   * A simple command: the program and its arguments, each passed as exactly one argument.
   *
   * @throws InvalidInputException if there is no word, the program name is empty, or a word holds NUL
   */
  public static CommandLine of(String program, String... args) {
    List<String> words = new ArrayList<>(args.length + 1);
    words.add(program);
    words.addAll(List.of(args));
    return of(words);
  }

  /** A simple command from a word list (program first). */
  public static CommandLine of(List<String> words) {
    Objects.requireNonNull(words, "words");
    if (words.isEmpty() || words.get(0).isEmpty()) {
      throw new InvalidInputException("an OS command needs a program name");
    }
    for (String w : words) {
      Objects.requireNonNull(w, "a command word is null");
    }
    return new CommandLine(ShellQuote.join(words));
  }

  /**
   * Shell code used as is: only for text the operator wrote and trusts (for example a backup
   * hook). Never build it from names or values that come from elsewhere.
   */
  public static CommandLine trustedScript(String script) {
    Objects.requireNonNull(script, "script");
    if (script.isBlank() || script.indexOf('\0') >= 0) {
      throw new InvalidInputException("a trusted script must be non-blank and hold no NUL character");
    }
    return new CommandLine("( " + script + "\n)");
  }

  /** {@code this | next}: this command's standard output is {@code next}'s standard input. */
  public CommandLine pipe(CommandLine next) {
    return new CommandLine(text + " | " + next.text);
  }

  /**
   * {@code this | next}, failing when either side fails: a POSIX shell has no {@code pipefail},
   * so a plain pipe reports only {@code next}'s status and a failed {@code pg_dump | upload}
   * would look like a success. The status is this command's when it failed, else {@code next}'s.
   */
  public CommandLine pipeChecked(CommandLine next) {
    // fd 5: the outer standard output; fd 6: the $( ) capture that receives only this side's status
    return new CommandLine("( exec 5>&1; __pgmob_l=$( { { { " + text + "\n} 5>&- 6>&-; echo $? >&6; } | { "
        + next.text + "\n} >&5 5>&- 6>&-; } 6>&1 ); __pgmob_r=$?; "
        + "if [ \"$__pgmob_l\" != 0 ]; then exit \"$__pgmob_l\"; fi; exit \"$__pgmob_r\" )");
  }

  /** {@code this && next}: runs {@code next} only when this command succeeded. */
  public CommandLine and(CommandLine next) {
    return new CommandLine(text + " && " + next.text);
  }

  /** {@code this > path}: standard output to a file (created or truncated). */
  public CommandLine writeTo(String path) {
    return new CommandLine(text + " > " + ShellQuote.quote(path(path)));
  }

  /** {@code this < path}: standard input from a file. */
  public CommandLine readFrom(String path) {
    return new CommandLine(text + " < " + ShellQuote.quote(path(path)));
  }

  private static String path(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new InvalidInputException("a redirection needs a file path");
    }
    return path;
  }

  /** {@return the command line as the shell reads it} */
  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandLine c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
