package io.pgmob.os;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InsufficientPrivilegeException;
import io.pgmob.error.InvalidInputException;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Runs OS commands on a cluster's host. Usually reached through {@link
 * io.pgmob.Cluster#runOsCommand(CommandLine)}.
 *
 * <p>How: the command line is wrapped in a fixed POSIX script that runs it with standard input
 * from {@code /dev/null}, standard error merged into standard output, encodes that output in
 * base64 (so tabs, backslashes and any byte survive {@code COPY}'s text format) and prints the
 * exit status last. The script is embedded once as a string literal in {@code COPY
 * pg_temp.<table> (line) FROM PROGRAM '...'}, which the server runs with {@code /bin/sh -c}: one
 * shell layer, the one the words were quoted for. The rows are read in order from a temporary
 * table dropped at commit.
 */
public final class OsCommands {

  static final String EXIT_MARK = "__pgmob_exit=";

  /** Linux's limit for one argument (MAX_ARG_STRLEN, 128 KiB), less a margin. */
  static final int MAX_SCRIPT_BYTES = 131_072 - 1_024;

  private OsCommands() {}

  /**
   * Runs {@code command} on the server host.
   *
   * @param failOnNonZeroExit whether a non-zero exit status is an {@link OsCommandFailedException}
   * @return exit status and combined output; errors: {@link InsufficientPrivilegeException} when
   *     the role may not run programs (naming {@code pg_execute_server_program}), {@link
   *     OsCommandFailedException}, {@link InvalidInputException} for a command line longer than
   *     one shell argument may be (128 KiB on Linux). The output is held in memory: meant for
   *     command output, not for bulk data.
   */
  public static Mono<CommandResult> run(SqlSession<?> cluster, CommandLine command, boolean failOnNonZeroExit) {
    String script = script(command);
    if (script.getBytes(StandardCharsets.UTF_8).length > MAX_SCRIPT_BYTES) {
      return Mono.error(new InvalidInputException("the OS command is " + script.length()
          + " characters long; the server passes it to /bin/sh as one argument, which Linux limits to 128 KiB"));
    }
    Sql copy = Sql.format("COPY pg_temp.pgmob_os_output (line) FROM PROGRAM {}", Literal.of(script));
    return cluster.inTransaction(tx -> tx.update(
                "CREATE TEMP TABLE pgmob_os_output (n bigserial, line text) ON COMMIT DROP")
            .then(tx.update(copy))
            .thenMany(tx.query("SELECT line FROM pg_temp.pgmob_os_output ORDER BY n", r -> r.getString("line")))
            .collectList()
            // dropped now too, not only at commit: a caller's own transaction may run several commands
            .flatMap(lines -> tx.update("DROP TABLE pg_temp.pgmob_os_output").thenReturn(lines)))
        .next()
        .onErrorMap(OsCommands::lacksProgramPrivilege, e -> privilegeError(cluster, (InsufficientPrivilegeException) e))
        .map(OsCommands::parse)
        .flatMap(r -> failOnNonZeroExit && !r.succeeded()
            ? Mono.error(new OsCommandFailedException("OS command " + abbreviate(command.text()), r, cluster.name()))
            : Mono.just(r));
  }

  private static boolean lacksProgramPrivilege(Throwable e) {
    return e instanceof InsufficientPrivilegeException p && p.reason().contains("program");
  }

  private static InsufficientPrivilegeException privilegeError(SqlSession<?> cluster, InsufficientPrivilegeException e) {
    return new InsufficientPrivilegeException("running an OS command needs a superuser or a member of "
        + "pg_execute_server_program; role \"" + cluster.currentUser() + "\" is neither (server said: "
        + e.reason() + ")", null, "GRANT pg_execute_server_program TO " + cluster.currentUser(), cluster.name(),
        e.statement(), e);
  }

  /** The script {@code COPY ... FROM PROGRAM} runs for {@code command}. */
  static String script(CommandLine command) {
    // fd 3 = COPY's pipe; fd 4 = the $( ) capture that receives only the exit status
    return "exec 3>&1\n"
        + "__pgmob_rc=$( { { ( " + command.text() + "\n) </dev/null 2>&1 3>&- 4>&-; echo $? >&4; } "
        + "| base64 >&3; } 4>&1 )\n"
        + "echo \"" + EXIT_MARK + "$__pgmob_rc\"\n";
  }

  static CommandResult parse(List<String> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Integer exit = null;
    StringBuilder b64 = new StringBuilder();
    for (String line : lines) {
      if (line == null) {
        continue;
      }
      if (line.startsWith(EXIT_MARK)) {
        String v = line.substring(EXIT_MARK.length()).strip();
        exit = v.isEmpty() ? -1 : Integer.parseInt(v);
      } else {
        b64.append(line.strip());
      }
    }
    if (exit == null) {
      throw new IllegalStateException("the OS command wrapper printed no exit status");
    }
    out.writeBytes(Base64.getDecoder().decode(b64.toString()));
    return new CommandResult(exit, out.toString(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
