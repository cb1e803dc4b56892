package io.pgmob.backup;

import io.pgmob.sql.SqlText;
import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import io.pgmob.hba.HbaRule;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import io.pgmob.os.OsCommandFailedException;
import io.pgmob.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every backup and restore has: a base path, the tool's binary, start and finish hooks, and
 * how the tool connects. Immutable: each setter returns a copy.
 *
 * @param <S> the concrete operation
 */
public abstract sealed class ToolOperation<S extends ToolOperation<S>>
    permits FileBackup, FileRestore, ObjectStoreBackup, ObjectStoreRestore {

  /** Settings shared by every operation kind. */
  record Config(String basePath, String binary, List<Function<Target, CommandLine>> onStart,
      List<Function<Target, CommandLine>> onFinish, @Nullable String host, @Nullable Integer port,
      @Nullable String username) {}

  final SqlSession<?> cluster;
  final Config config;

  ToolOperation(SqlSession<?> cluster, Config config) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.config = config;
  }

  abstract S copy(Config config);

  /**
   * Paths (or URLs) given to {@code backup}/{@code restore} are relative to this, unless they are
   * absolute or a URL; default none (a relative path is then relative to the server's data
   * directory, its working directory).
   */
  public S basePath(String basePath) {
    Objects.requireNonNull(basePath, "basePath");
    return copy(new Config(basePath, config.binary(), config.onStart(), config.onFinish(), config.host(),
        config.port(), config.username()));
  }

  /** The tool to run: a name looked up in the server's PATH or a full path ({@code /usr/lib/postgresql/16/bin/pg_dump}). */
  public S binary(String binary) {
    if (binary == null || binary.isEmpty()) {
      throw new InvalidInputException("the binary must be a non-empty name or path");
    }
    return copy(new Config(config.basePath(), binary, config.onStart(), config.onFinish(), config.host(),
        config.port(), config.username()));
  }

  /** A command run before the tool; a failure stops the operation (finish hooks still run). */
  public S onStart(Function<Target, CommandLine> hook) {
    List<Function<Target, CommandLine>> l = new ArrayList<>(config.onStart());
    l.add(Objects.requireNonNull(hook, "hook"));
    return copy(new Config(config.basePath(), config.binary(), List.copyOf(l), config.onFinish(), config.host(),
        config.port(), config.username()));
  }

  /** A command run after the tool, whether it succeeded or failed. */
  public S onFinish(Function<Target, CommandLine> hook) {
    List<Function<Target, CommandLine>> l = new ArrayList<>(config.onFinish());
    l.add(Objects.requireNonNull(hook, "hook"));
    return copy(new Config(config.basePath(), config.binary(), config.onStart(), List.copyOf(l), config.host(),
        config.port(), config.username()));
  }

  /**
   * Where the tool connects: a host or a socket directory, and a port. Default: the server's first
   * {@code unix_socket_directories} entry and its {@code port} (local authentication; no secret
   * needed on the command line).
   */
  public S connectTo(String host, int port) {
    if (host == null || host.isEmpty() || port <= 0 || port > 65535) {
      throw new InvalidInputException("a host and a port 1..65535 are needed");
    }
    return copy(new Config(config.basePath(), config.binary(), config.onStart(), config.onFinish(), host, port,
        config.username()));
  }

  /** The role the tool logs in as; default the session's login role ({@code session_user}). */
  public S username(String username) {
    if (username == null || username.isEmpty()) {
      throw new InvalidInputException("a username must be non-empty");
    }
    return copy(new Config(config.basePath(), config.binary(), config.onStart(), config.onFinish(), config.host(),
        config.port(), username));
  }

  static Config defaults(String binary) {
    return new Config("", binary, List.of(), List.of(), null, null, null);
  }

  String fullPath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException("a backup path is needed");
    }
    String base = config.basePath();
    if (base.isEmpty() || path.startsWith("/") || path.contains("://")) {
      return path;
    }
    return (base.endsWith("/") ? base : base + "/") + path;
  }

  static void checkDatabase(String database) {
    if (database == null || database.isEmpty()) {
      throw new InvalidInputException("a database name must be non-empty");
    }
    SqlText.check(database, "a database name");
  }

  /** How the tool connects: host (or socket directory), port and user. */
  record Connection(String host, String port, String user) {
    /** Whether the tool connects through a Unix socket (a {@code local} pg_hba.conf connection). */
    boolean local() {
      return host.startsWith("/");
    }
  }

  /** The connection the tool makes, resolving the defaults on the server. */
  Mono<Connection> connection() {
    return config.host() != null && config.username() != null
        ? Mono.just(new Connection(config.host(), String.valueOf(config.port()), config.username()))
        : cluster.execute(CatalogQueries.get("io/pgmob/backup/connection_facts", cluster.version())).next()
            .map(r -> {
              String dir = r.getString("socket_dir");
              String host = config.host() != null ? config.host()
                  : dir == null || dir.isBlank() ? "127.0.0.1" : dir.strip();
              String port = config.host() != null ? String.valueOf(config.port()) : r.getString("port");
              String user = config.username() != null ? config.username() : r.getString("login");
              return new Connection(host, port, user);
            });
  }

  /** The connection arguments, resolving the defaults on the server. */
  Mono<List<String>> connectionArguments(String database) {
    return connection().map(c -> List.of("--host=" + c.host(), "--port=" + c.port(), "--username=" + c.user(),
        "--no-password", "--dbname=" + conninfo(database)));
  }

  /** {@code dbname='...'}: a database name that looks like a connection string stays a name. */
  static String conninfo(String database) {
    return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The tool's command line: the binary, {@code arguments}, the connection arguments for {@code
   * database}, then {@code trailing}.
   */
  Mono<CommandLine> toolCommand(String database, List<String> arguments, List<String> trailing) {
    return connectionArguments(database).map(conn -> {
      List<String> words = new ArrayList<>();
      words.add(config.binary());
      words.addAll(arguments);
      words.addAll(conn);
      words.addAll(trailing);
      return CommandLine.of(words);
    });
  }

  /**
   * Checks {@code database}, resolves {@code path} against the base path, and builds the command
   * for the full path with {@code forFullPath}; bad input arrives as an error signal.
   */
  Mono<CommandLine> command(String database, String path, Function<String, Mono<CommandLine>> forFullPath) {
    return Mono.fromCallable(() -> {
      checkDatabase(database);
      return fullPath(path);
    }).flatMap(forFullPath);
  }

  /**
   * Runs {@code command}'s command line for {@code database} and {@code path} between the hooks,
   * which see the resolved path; bad input arrives as an error signal before any hook runs.
   */
  Mono<CommandResult> run(String database, String path, BiFunction<String, String, Mono<CommandLine>> command) {
    return Mono.defer(() -> {
      checkDatabase(database);
      return run(Target.of(database, fullPath(path)), command.apply(database, path), List.of());
    }).onErrorResume(ToolOperation::isLoginFailure, e -> explainLoginFailure(database, (OsCommandFailedException) e));
  }

  /** The tool's messages when the server refused its login (libpq's wording). */
  private static final List<String> LOGIN_FAILURES = List.of("no password supplied", "password authentication failed",
      "peer authentication failed", "ident authentication failed", "no pg_hba.conf entry");

  static boolean isLoginFailure(Throwable e) {
    if (!(e instanceof OsCommandFailedException f) || e instanceof ToolAuthenticationException) {
      return false;
    }
    String out = f.output().toLowerCase(java.util.Locale.ROOT);
    return LOGIN_FAILURES.stream().anyMatch(out::contains);
  }

  /**
   * A {@link ToolAuthenticationException} saying how the tool connected, the pg_hba.conf rule that
   * decides (when pgmob can read the file and tell) and how to let the tool in.
   */
  private Mono<CommandResult> explainLoginFailure(String database, OsCommandFailedException e) {
    Mono<@Nullable HbaRule> deciding = connection().flatMap(c -> io.pgmob.hba.HbaRules.of(cluster).read()
            .map(f -> f.rules().stream().filter(r -> r.matchesEveryConnectionOf(probe(c, database))).findFirst()))
        .flatMap(Mono::justOrEmpty)
        .onErrorResume(x -> Mono.empty()); // best effort: the explanation stands without it
    return connection().onErrorResume(x -> Mono.empty())
        .flatMap(c -> deciding.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
            .map(rule -> loginExplanation(c, database, rule.orElse(null))))
        .defaultIfEmpty(config.binary() + " could not log in to the server")
        .flatMap(why -> {
          ToolAuthenticationException x = new ToolAuthenticationException(why, e.result(), cluster.name());
          x.addSuppressed(e);
          return Mono.error(x);
        });
  }

  /** A rule that matches just the tool's connection, to find the first rule that surely covers it. */
  private static HbaRule probe(Connection c, String database) {
    String db = "\"" + database.replace("\"", "\"\"") + "\"";
    String user = "\"" + c.user().replace("\"", "\"\"") + "\"";
    try {
      return c.local() ? HbaRule.parse("local " + db + " " + user + " trust")
          : HbaRule.parse("host " + db + " " + user + " " + (HbaRule.parse("host all all " + c.host() + " trust")
              .address()) + " trust");
    } catch (InvalidInputException x) {
      return HbaRule.parse("local " + db + " " + user + " trust");
    }
  }

  static String loginExplanation(Connection c, String database, @Nullable HbaRule rule) {
    String how = c.local() ? "through the Unix socket in " + c.host() + " (a 'local' connection in pg_hba.conf)"
        : "over TCP to " + c.host() + ":" + c.port();
    StringBuilder b = new StringBuilder()
        .append("the tool could not log in: it runs on the server host without a prompt and connects ")
        .append(how).append(" as role \"").append(c.user()).append("\" to database \"").append(database)
        .append("\", with no password");
    if (rule != null) {
      b.append("; the first pg_hba.conf rule for that connection is \"").append(rule.render())
          .append("\", which asks for ").append(needs(rule.method()));
    }
    b.append(". Fix one of: (1) let this connection in without a password: a pg_hba.conf rule such as \"")
        .append(c.local() ? "local all " + c.user() + " peer" : "host all " + c.user() + " 127.0.0.1/32 trust")
        .append("\" placed before ").append(rule != null ? "that rule" : "the rule that applies now")
        .append(c.local() ? " (peer needs the server's OS user to be named like the role, or a map=)" : "")
        .append(", e.g. io.pgmob.hba.HbaRules.of(cluster).add(rule, HbaPlacement.first()) or pgmob fleet hba add --first;")
        .append(" (2) give the tool a password it finds on its own: a line ")
        .append(c.host()).append(':').append(c.port()).append(":*:").append(c.user())
        .append(":<password> in ~/.pgpass of the OS user the server runs as (mode 0600), or PGPASSWORD in the")
        .append(" server's environment; (3) point the tool elsewhere with connectTo(host, port) and username(role)");
    return b.toString();
  }

  private static String needs(String method) {
    return switch (method) {
      case "scram-sha-256", "md5", "password" -> "a password (" + method + ")";
      case "reject" -> "nothing: it rejects the connection";
      case "peer", "ident" -> method + " authentication (the OS user must match the role, or a map= must allow it)";
      default -> method + " authentication";
    };
  }

  private Mono<CommandResult> runOsCommand(CommandLine command) {
    return io.pgmob.os.OsCommands.run(cluster, command, true);
  }

  /** Runs the start hooks, then {@code main}, then the finish hooks whatever happened. */
  Mono<CommandResult> run(Target target, Mono<CommandLine> main, List<CommandLine> extraFinish) {
    Flux<CommandLine> start = Flux.fromIterable(config.onStart()).map(h -> h.apply(target));
    Mono<Void> finish = Flux.concat(Flux.fromIterable(config.onFinish()).map(h -> h.apply(target)),
            Flux.fromIterable(extraFinish))
        .concatMap(this::runOsCommand)
        .then();
    Mono<CommandResult> work = start.concatMap(this::runOsCommand).then(main.flatMap(this::runOsCommand));
    return work
        .onErrorResume(e -> finish.onErrorResume(f -> {
              e.addSuppressed(f);
              return Mono.empty();
            })
            .then(Mono.error(e)))
        .flatMap(r -> finish.thenReturn(r));
  }
}
