package io.pgmob.hba;

import io.pgmob.session.SqlSession;
import io.pgmob.managed.CatalogQueries;
import io.pgmob.os.CommandLine;
import io.pgmob.os.CommandResult;
import io.pgmob.os.OsCommandFailedException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

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

  /**
   * The key of the advisory lock every pgmob writer of pg_hba.conf takes, {@code
   * pg_advisory_xact_lock(8101813929093300833)} (the bytes of "pgmobhba"), held from the read to
   * the reload. Another tool that edits the file through SQL can take it too to wait for pgmob.
   */
  public static final long LOCK_KEY = 0x70676d6f62686261L;

  /** How often a read-modify-write is redone when a writer outside the lock changed the file. */
  static final int CHANGED_RETRIES = 8;

  // Taken by every write on the host too: advisory locks belong to one database, and writers
  // connected to other databases (or older versions) must not interleave the check and the rename.
  private static final String HOST_LOCK = """
      if command -v flock >/dev/null 2>&1; then
        exec 9>>"$f.pgmob.lock" && flock -x -w 120 9 || { echo "could not lock $f.pgmob.lock"; exit 11; }
      fi
      """;

  // A fixed script; the path, digests and content arrive as positional parameters quoted once.
  private static final String WRITE_SCRIPT = "f=$1\n" + HOST_LOCK + """
      cur=$(sha256sum < "$f") || exit 10
      case "$cur" in
        "$2 "*) ;;
        *) echo "pg_hba.conf changed since it was read"; exit 3 ;;
      esac
      cp -p -- "$f" "$f.pgmob.bak" || exit 4
      t="$f.pgmob.tmp"
      printf '%s' "$3" | base64 -d > "$t" || { rm -f -- "$t"; exit 5; }
      chmod "$(stat -c %a -- "$f")" -- "$t" && mv -f -- "$t" "$f" || { rm -f -- "$t"; exit 6; }""";

  private static final String RESTORE_SCRIPT = "f=$1\n" + HOST_LOCK + """
      cur=$(sha256sum < "$f") || exit 10
      case "$cur" in
        "$2 "*) ;;
        *) echo "pg_hba.conf changed again after pgmob wrote it; not restoring"; exit 3 ;;
      esac
      cp -p -- "$f.pgmob.bak" "$f.pgmob.tmp" && mv -f -- "$f.pgmob.tmp" "$f"
      """;

  private final SqlSession<?> cluster;

  /** The hbarules of {@code session}, cached per session: what {@code cluster.hbaRules()} returns. */
  public static HbaRules of(SqlSession<?> session) {
    return session.state(HbaRules.class, HbaRules::new);
  }

  HbaRules(SqlSession<?> cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  /** Reads and parses the file, byte-exact ({@code pg_read_binary_file}). Needs a superuser. */
  public Mono<HbaFile> read() {
    return read(cluster);
  }

  private static Mono<HbaFile> read(SqlSession<?> cluster) {
    return cluster.execute(CatalogQueries.get("io/pgmob/hba/read_hba_file", cluster.version()))
        .next()
        .map(r -> HbaFile.parse(cluster, r.getString("path"),
            Base64.getMimeDecoder().decode(Objects.requireNonNull(r.getString("content")))));
  }

  /** {@return every rule in file order} */
  public Flux<HbaRule> all() {
    return read().flatMapIterable(HbaFile::rules);
  }

  /** Whether a rule with the same meaning is in the file. */
  public Mono<Boolean> contains(HbaRule rule) {
    return read().map(f -> f.contains(rule));
  }

  /**
   * Appends {@code rule} unless a rule with the same meaning is there, and writes (see {@link
   * HbaFile#alter()}). {@link #add(HbaRule, HbaPlacement)} says where, and warns when the rule
   * never applies.
   */
  public Mono<HbaFile> add(HbaRule rule) {
    return add(rule, HbaPlacement.last()).map(HbaEdit::file);
  }

  /**
   * Makes sure a rule with the meaning of {@code rule} is in the file at {@code placement}, and
   * writes (see {@link HbaFile#alter()}): unchanged when it is already there and placed as asked
   * ({@link HbaPlacement#last()}: anywhere); otherwise every rule with its meaning is removed and
   * it is inserted at {@code placement}.
   *
   * <p>The read, the edit and the write happen under pgmob's writer lock ({@link #LOCK_KEY}), so
   * concurrent writers never lose each other's edits. The result warns when an earlier rule
   * matches every connection this one would ({@link HbaFile#shadowedBy}): such a rule never
   * applies.
   *
   * @throws io.pgmob.error.InvalidInputException (as an error signal) when the placement's anchor
   *     is not in the file
   */
  public Mono<HbaEdit> add(HbaRule rule, HbaPlacement placement) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(placement, "placement");
    return edit(f -> f.place(rule, placement)).map(e -> new HbaEdit(e.file(), e.changed(), shadowWarnings(e.file(), rule)));
  }

  /** Inserts {@code rule} as rule number {@code at} (0 = first) and writes, under the writer lock. */
  public Mono<HbaFile> insert(int at, HbaRule rule) {
    Objects.requireNonNull(rule, "rule");
    return edit(f -> f.insert(at, rule)).map(HbaEdit::file);
  }

  /** Removes every rule with the same meaning as {@code rule} and writes (nothing if there is none), under the writer lock. */
  public Mono<HbaFile> remove(HbaRule rule) {
    Objects.requireNonNull(rule, "rule");
    return edit(f -> f.remove(rule)).map(HbaEdit::file);
  }

  /**
   * Reads, edits and writes under the writer lock; redone (a few times) when a writer that does
   * not share the advisory lock changed the file in between.
   */
  private Mono<HbaEdit> edit(java.util.function.UnaryOperator<HbaFile> change) {
    return locked(cluster, tx -> read(tx).flatMap(f -> {
          HbaFile edited = change.apply(f);
          return edited.isChanged()
              ? write(tx, edited).map(w -> new HbaEdit(w, true, List.of()))
              : Mono.just(new HbaEdit(f, false, List.of()));
        }))
        .retryWhen(Retry.max(CHANGED_RETRIES).filter(HbaFileChangedException.class::isInstance)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .map(e -> new HbaEdit(e.file().attachedTo(cluster), e.changed(), e.warnings()));
  }

  static List<String> shadowWarnings(HbaFile file, HbaRule rule) {
    return file.shadowedBy(rule)
        .map(e -> List.of("rule \"" + rule.render() + "\" never applies: the earlier rule \"" + e.render()
            + "\" matches every connection it would; place it before that rule (first, or before the rule)"))
        .orElse(List.of());
  }

  /** {@link HbaFile#alter()}: writes a snapshot under the writer lock. */
  static Mono<HbaFile> alter(HbaFile file) {
    SqlSession<?> owner = file.cluster();
    return locked(owner, tx -> write(tx, file.attachedTo(tx))).map(f -> f.attachedTo(owner));
  }

  /** Runs {@code work} in a transaction that first takes the advisory lock {@link #LOCK_KEY}. */
  private static <T> Mono<T> locked(SqlSession<?> cluster, Function<SqlSession<?>, Mono<T>> work) {
    return cluster.inTransaction(tx -> tx.execute("SELECT pg_advisory_xact_lock($1)", LOCK_KEY)
            .then(Mono.defer(() -> work.apply(tx))))
        .next();
  }

  /** {@return the errors the server finds in the file on disk now ({@code pg_hba_file_rules.error})} */
  public Mono<List<String>> errors() {
    return errors(cluster);
  }

  private static Mono<List<String>> errors(SqlSession<?> cluster) {
    return cluster.query(CatalogQueries.get("io/pgmob/hba/hba_errors", cluster.version()),
            r -> (r.getString("file_name") == null ? "line " : r.getString("file_name") + " line ")
                + r.getInt("line_number") + ": " + r.getString("error"))
        .collectList();
  }

  /** Writes {@code file} through {@code cluster}, which holds the writer lock. */
  private static Mono<HbaFile> write(SqlSession<?> cluster, HbaFile file) {
    byte[] content = file.bytes();
    String written = HbaFile.sha256(content);
    CommandLine write = CommandLine.of("set", "--", file.path(), file.digest(),
            Base64.getEncoder().encodeToString(content))
        .and(CommandLine.trustedScript(WRITE_SCRIPT));
    return io.pgmob.os.OsCommands.run(cluster, write, false)
        .flatMap(r -> r.exitCode() == 3
            ? Mono.error(new HbaFileChangedException(file.path(), cluster.name()))
            : r.succeeded() ? Mono.just(r)
                : Mono.error(new OsCommandFailedException("writing " + file.path(), r, cluster.name())))
        .then(errors(cluster))
        .flatMap(errors -> errors.isEmpty()
            ? cluster.scalar("SELECT pg_reload_conf()", Boolean.class).then(read(cluster))
            : restore(cluster, file.path(), written)
                .then(Mono.<HbaFile>error(new HbaRuleRejectedException(errors, true, cluster.name())))
                .onErrorResume(e -> !(e instanceof HbaRuleRejectedException), e -> {
                  HbaRuleRejectedException x = new HbaRuleRejectedException(errors, false, cluster.name());
                  x.addSuppressed(e);
                  return Mono.error(x);
                }));
  }

  private static Mono<CommandResult> restore(SqlSession<?> cluster, String path, String writtenDigest) {
    return io.pgmob.os.OsCommands.run(cluster, CommandLine.of("set", "--", path, writtenDigest)
        .and(CommandLine.trustedScript(RESTORE_SCRIPT)), true);
  }

  /** The path of the copy {@link HbaFile#alter()} keeps of the previous file. */
  public static String backupPath(HbaFile file) {
    return file.path() + BACKUP_SUFFIX;
  }
}
