package io.pgmob.backup;

import io.pgmob.sql.SqlText;
import io.pgmob.Cluster;
import io.pgmob.error.InvalidInputException;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
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

  final Cluster cluster;
  final Config config;

  ToolOperation(Cluster cluster, Config config) {
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

  /** The connection arguments, resolving the defaults on the server. */
  Mono<List<String>> connectionArguments(String database) {
    Mono<String[]> facts = config.host() != null && config.username() != null
        ? Mono.just(new String[] {config.host(), String.valueOf(config.port()), config.username()})
        : cluster.execute(CatalogQueries.get("io/pgmob/backup/connection_facts", cluster.version())).next()
            .map(r -> {
              String dir = r.getString("socket_dir");
              String host = config.host() != null ? config.host()
                  : dir == null || dir.isBlank() ? "127.0.0.1" : dir.strip();
              String port = config.host() != null ? String.valueOf(config.port()) : r.getString("port");
              String user = config.username() != null ? config.username() : r.getString("login");
              return new String[] {host, port, user};
            });
    return facts.map(f -> List.of("--host=" + f[0], "--port=" + f[1], "--username=" + f[2], "--no-password",
        "--dbname=" + conninfo(database)));
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
    });
  }

  /** Runs the start hooks, then {@code main}, then the finish hooks whatever happened. */
  Mono<CommandResult> run(Target target, Mono<CommandLine> main, List<CommandLine> extraFinish) {
    Flux<CommandLine> start = Flux.fromIterable(config.onStart()).map(h -> h.apply(target));
    Mono<Void> finish = Flux.concat(Flux.fromIterable(config.onFinish()).map(h -> h.apply(target)),
            Flux.fromIterable(extraFinish))
        .concatMap(cluster::runOsCommand)
        .then();
    Mono<CommandResult> work = start.concatMap(cluster::runOsCommand).then(main.flatMap(cluster::runOsCommand));
    return work
        .onErrorResume(e -> finish.onErrorResume(f -> {
              e.addSuppressed(f);
              return Mono.empty();
            })
            .then(Mono.error(e)))
        .flatMap(r -> finish.thenReturn(r));
  }
}
