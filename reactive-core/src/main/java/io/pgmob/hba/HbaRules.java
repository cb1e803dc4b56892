package io.pgmob.hba;

import io.pgmob.Cluster;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import io.pgmob.os.OsCommandFailedException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code pg_hba.conf} rules of a cluster: {@code cluster.hbaRules()}.
 *
 * <pre>{@code
 * HbaRule deny = HbaRule.host("app", "intruder", "all", "reject");
 * cluster.hbaRules().read().map(f -> f.insert(0, deny)).flatMap(HbaFile::alter);
 * cluster.hbaRules().add(HbaRule.host("app", "app", "10.0.0.0/8", "scram-sha-256"));
 * }</pre>
 *
 * <p>Unlike other collections this one is not cached: the file is the truth, and every write is
 * checked against the bytes it was based on, so each call reads the file again (one small query).
 */
public final class HbaRules {

  private static final String BACKUP_SUFFIX = ".pgmob.bak";

  // A fixed script; the path, digests and content arrive as positional parameters quoted once.
  private static final String WRITE_SCRIPT = """
      f=$1
      cur=$(sha256sum < "$f") || exit 10
      case "$cur" in
        "$2 "*) ;;
        *) echo "pg_hba.conf changed since it was read"; exit 3 ;;
      esac
      cp -p -- "$f" "$f.pgmob.bak" || exit 4
      t="$f.pgmob.tmp"
      printf '%s' "$3" | base64 -d > "$t" || { rm -f -- "$t"; exit 5; }
      chmod "$(stat -c %a -- "$f")" -- "$t" && mv -f -- "$t" "$f" || { rm -f -- "$t"; exit 6; }""";

  private static final String RESTORE_SCRIPT = """
      f=$1
      cur=$(sha256sum < "$f") || exit 10
      case "$cur" in
        "$2 "*) ;;
        *) echo "pg_hba.conf changed again after pgmob wrote it; not restoring"; exit 3 ;;
      esac
      cp -p -- "$f.pgmob.bak" "$f.pgmob.tmp" && mv -f -- "$f.pgmob.tmp" "$f"
      """;

  private final Cluster cluster;

  /** The rules of {@code cluster}; use {@code cluster.hbaRules()}. */
  public HbaRules(Cluster cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** Reads and parses the file, byte-exact ({@code pg_read_binary_file}). Needs a superuser. */
  public Mono<HbaFile> read() {
    return cluster.execute(CatalogQueries.get("io/pgmob/hba/read_hba_file", cluster.version()))
        .next()
        .map(r -> HbaFile.parse(cluster, r.getString("path"),
            Base64.getMimeDecoder().decode(Objects.requireNonNull(r.getString("content")))));
  }

  /** Every rule in file order. */
  public Flux<HbaRule> all() {
    return read().flatMapIterable(HbaFile::rules);
  }

  /** Whether a rule with the same meaning is in the file. */
  public Mono<Boolean> contains(HbaRule rule) {
    return read().map(f -> f.contains(rule));
  }

  /** Appends {@code rule} unless a rule with the same meaning is there, and writes (see {@link HbaFile#alter()}). */
  public Mono<HbaFile> add(HbaRule rule) {
    return read().flatMap(f -> f.contains(rule) ? Mono.just(f) : f.add(rule).alter());
  }

  /** Inserts {@code rule} as rule number {@code at} (0 = first) and writes. */
  public Mono<HbaFile> insert(int at, HbaRule rule) {
    return read().flatMap(f -> f.insert(at, rule).alter());
  }

  /** Removes every rule with the same meaning as {@code rule} and writes (nothing if there is none). */
  public Mono<HbaFile> remove(HbaRule rule) {
    return read().flatMap(f -> f.remove(rule).alter());
  }

  /** The errors the server finds in the file on disk now ({@code pg_hba_file_rules.error}). */
  public Mono<List<String>> errors() {
    return errors(cluster);
  }

  private static Mono<List<String>> errors(Cluster cluster) {
    return cluster.query(CatalogQueries.get("io/pgmob/hba/hba_errors", cluster.version()),
            r -> (r.getString("file_name") == null ? "line " : r.getString("file_name") + " line ")
                + r.getInt("line_number") + ": " + r.getString("error"))
        .collectList();
  }

  static Mono<HbaFile> write(HbaFile file) {
    Cluster cluster = file.cluster();
    byte[] content = file.bytes();
    String written = HbaFile.sha256(content);
    CommandLine write = CommandLine.of("set", "--", file.path(), file.digest(),
            Base64.getEncoder().encodeToString(content))
        .and(CommandLine.trustedScript(WRITE_SCRIPT));
    return cluster.runOsCommand(write, false)
        .flatMap(r -> r.exitCode() == 3
            ? Mono.error(new HbaFileChangedException(file.path(), cluster.name()))
            : r.succeeded() ? Mono.just(r)
                : Mono.error(new OsCommandFailedException("writing " + file.path(), r, cluster.name())))
        .then(errors(cluster))
        .flatMap(errors -> errors.isEmpty()
            ? cluster.reload().then(new HbaRules(cluster).read())
            : restore(cluster, file.path(), written)
                .then(Mono.<HbaFile>error(new HbaRuleRejectedException(errors, true, cluster.name())))
                .onErrorResume(e -> !(e instanceof HbaRuleRejectedException), e -> {
                  HbaRuleRejectedException x = new HbaRuleRejectedException(errors, false, cluster.name());
                  x.addSuppressed(e);
                  return Mono.error(x);
                }));
  }

  private static Mono<CommandResult> restore(Cluster cluster, String path, String writtenDigest) {
    return cluster.runOsCommand(CommandLine.of("set", "--", path, writtenDigest)
        .and(CommandLine.trustedScript(RESTORE_SCRIPT)));
  }

  /** The path of the copy {@link HbaFile#alter()} keeps of the previous file. */
  public static String backupPath(HbaFile file) {
    return file.path() + BACKUP_SUFFIX;
  }
}
