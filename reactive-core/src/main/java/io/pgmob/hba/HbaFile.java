package io.pgmob.hba;

import io.pgmob.session.SqlSession;
import io.pgmob.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A snapshot of a server's {@code pg_hba.conf}, with edits not yet written. Immutable: {@link
 * #add}, {@link #insert} and {@link #remove} return a new snapshot; {@link #alter()} writes it.
 *
 * <p>Every line is kept: comments, blank lines, include directives and lines pgmob cannot parse
 * are written back byte for byte, and so is every rule that was not removed. New rules are
 * written by {@link HbaRule#render()}.
 */
public final class HbaFile {

  /** One logical line: its original bytes (without the final LF) and the rule it holds, if any. */
  private record Line(byte[] raw, String text, @Nullable HbaRule rule) {}

  private final SqlSession<?> cluster;
  private final String path;
  private final byte[] original;
  private final String digest;
  private final List<Line> lines;
  private final boolean trailingNewline;
  private final boolean changed;

  private HbaFile(SqlSession<?> cluster, String path, byte[] original, String digest, List<Line> lines,
      boolean trailingNewline, boolean changed) {
    this.cluster = cluster;
    this.path = path;
    this.original = original;
    this.digest = digest;
    this.lines = List.copyOf(lines);
    this.trailingNewline = trailingNewline;
    this.changed = changed;
  }

  /** Parses file content read from {@code cluster} at {@code path}. */
  static HbaFile parse(SqlSession<?> cluster, String path, byte[] content) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    List<byte[]> physical = new ArrayList<>();
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        if (i < content.length || start < content.length) {
          physical.add(Arrays.copyOfRange(content, start, i));
        }
        start = i + 1;
      }
    }
    for (int p = 0; p < physical.size(); p++) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      raw.writeBytes(physical.get(p));
      StringBuilder logical = new StringBuilder();
      String text = new String(physical.get(p), StandardCharsets.UTF_8);
      // a backslash at the end of a line continues the record on the next line (PostgreSQL 16+)
      while (stripCr(text).endsWith("\\") && p + 1 < physical.size()) {
        logical.append(stripCr(text), 0, stripCr(text).length() - 1).append(' ');
        p++;
        raw.write('\n');
        raw.writeBytes(physical.get(p));
        text = new String(physical.get(p), StandardCharsets.UTF_8);
      }
      logical.append(text);
      HbaRule rule;
      try {
        rule = HbaRule.tryParse(logical.toString());
      } catch (InvalidInputException e) {
        rule = null; // kept verbatim; the server's verdict is in pg_hba_file_rules
      }
      byte[] bytes = raw.toByteArray();
      lines.add(new Line(bytes, new String(bytes, StandardCharsets.UTF_8), rule));
    }
    boolean trailing = content.length == 0 || content[content.length - 1] == '\n';
    return new HbaFile(cluster, path, content.clone(), sha256(content), lines, trailing, false);
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@return the cluster this file was read from} */
  public SqlSession<?> cluster() {
    return cluster;
  }

  /** {@return the file's path on the server host ({@code current_setting('hba_file')})} */
  public String path() {
    return path;
  }

  /** SHA-256 (hex) of the bytes as read: {@link #alter()} refuses to write if the file no longer has it. */
  public String digest() {
    return digest;
  }

  /** {@return the bytes as read} */
  public byte[] originalBytes() {
    return original.clone();
  }

  /** {@return the bytes this snapshot would write: the original bytes when nothing was edited} */
  public byte[] bytes() {
    if (!changed) {
      return original.clone();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      out.writeBytes(lines.get(i).raw());
      if (i < lines.size() - 1 || trailingNewline) {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** {@return every logical line as text, comments and blanks included} */
  public List<String> lines() {
    return lines.stream().map(Line::text).toList();
  }

  /** {@return the rules, in file order (the order the server tries them)} */
  public List<HbaRule> rules() {
    return lines.stream().map(Line::rule).filter(Objects::nonNull).toList();
  }

  /** Whether a rule with the same meaning is in the file. */
  public boolean contains(HbaRule rule) {
    return indexOf(rule) >= 0;
  }

  /** The position of the first rule with the same meaning among {@link #rules()}, or -1. */
  public int indexOf(HbaRule rule) {
    return rules().indexOf(rule);
  }

  /**
   * The earlier rule that keeps {@code rule} from ever applying: the first rule before {@code
   * rule}'s first occurrence that {@linkplain HbaRule#matchesEveryConnectionOf matches every
   * connection it would}. Empty when {@code rule} is not in the file or can apply.
   */
  public Optional<HbaRule> shadowedBy(HbaRule rule) {
    List<HbaRule> rules = rules();
    int at = rules.indexOf(rule);
    for (int i = 0; i < at; i++) {
      if (rules.get(i).matchesEveryConnectionOf(rules.get(at))) {
        return Optional.of(rules.get(i));
      }
    }
    return Optional.empty();
  }

  /** The same snapshot, attached to {@code other} (a transaction's view is not kept past it). */
  HbaFile attachedTo(SqlSession<?> other) {
    return other == cluster ? this : new HbaFile(other, path, original, digest, lines, trailingNewline, changed);
  }

  /** {@return whether this snapshot has edits not yet written} */
  public boolean isChanged() {
    return changed;
  }

  /** A snapshot with {@code rule} appended at the end of the file. */
  public HbaFile add(HbaRule rule) {
    List<Line> l = new ArrayList<>(lines);
    l.add(line(rule));
    return edited(l);
  }

  /**
   * A snapshot with {@code rule} inserted before the rule now at position {@code at} of {@link
   * #rules()} (so it becomes rule {@code at}); {@code at == rules().size()} appends.
   *
   * @throws InvalidInputException if {@code at} is out of range
   */
  public HbaFile insert(int at, HbaRule rule) {
    int count = rules().size();
    if (at < 0 || at > count) {
      throw new InvalidInputException("rule position " + at + " is outside 0.." + count);
    }
    if (at == count) {
      return add(rule);
    }
    List<Line> l = new ArrayList<>(lines);
    int seen = 0;
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).rule() != null && seen++ == at) {
        l.add(i, line(rule));
        break;
      }
    }
    return edited(l);
  }

  /**
   * A snapshot with {@code rule} at {@code placement}: this snapshot when a rule with its meaning
   * is already placed as asked ({@link HbaPlacement#last()}: anywhere); otherwise one where every
   * rule with its meaning is removed and {@code rule} is inserted at {@code placement}.
   *
   * @throws InvalidInputException if the placement's anchor is not in the file
   */
  public HbaFile place(HbaRule rule, HbaPlacement placement) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(placement, "placement");
    int at = indexOf(rule);
    if (at >= 0 && placement.isSatisfiedBy(rules(), at)) {
      return this;
    }
    HbaFile without = remove(rule);
    return without.insert(placement.positionIn(without.rules()), rule);
  }

  /** A snapshot without any rule that means the same as {@code rule} (unchanged if there is none). */
  public HbaFile remove(HbaRule rule) {
    Objects.requireNonNull(rule, "rule");
    List<Line> l = new ArrayList<>(lines);
    if (!l.removeIf(x -> rule.equals(x.rule()))) {
      return this;
    }
    return edited(l);
  }

  private static Line line(HbaRule rule) {
    String text = rule.render();
    return new Line(text.getBytes(StandardCharsets.UTF_8), text, rule);
  }

  private HbaFile edited(List<Line> l) {
    return new HbaFile(cluster, path, original, digest, l, trailingNewline || lines.isEmpty(), true);
  }

  /**
   * Writes this snapshot to the server safely, then reloads the configuration.
   *
   * <ol>
   *   <li>refuses ({@link HbaFileChangedException}) if the file's bytes no longer match {@link
   *       #digest()};
   *   <li>copies the file to {@code <path>.pgmob.bak};
   *   <li>writes the new bytes to a temporary file with the same permissions and renames it over
   *       the file;
   *   <li>reads {@code pg_hba_file_rules}; if the server rejects any line, restores the previous
   *       bytes and fails with {@link HbaRuleRejectedException}, without reloading;
   *   <li>otherwise runs {@code pg_reload_conf()}.
   * </ol>
   *
   * <p>pgmob's writers are serialized: each takes the advisory lock {@link HbaRules#LOCK_KEY} in
   * a transaction held until the reload, and, on the host, {@code flock} on {@code
   * <path>.pgmob.lock} around the check and the rename (advisory locks do not reach sessions on
   * other databases). A change made by another tool between the check and the rename is not
   * detected (the window is one shell command). The new file travels inside one shell argument, so files up to
   * about 90 KB can be written.
   *
   * @return a fresh snapshot of the file as written; this snapshot itself when nothing changed
   */
  public Mono<HbaFile> alter() {
    if (!changed) {
      return Mono.just(this);
    }
    return HbaRules.alter(this);
  }

  @Override
  public String toString() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }
}
