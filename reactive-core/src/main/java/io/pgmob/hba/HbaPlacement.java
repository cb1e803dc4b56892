package io.pgmob.hba;

import io.pgmob.error.InvalidInputException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link HbaRules#add(HbaRule, HbaPlacement)} puts a rule. The server tries the rules in
 * file order and uses the first whose type, database, user and address match, so a rule placed
 * after a broader one never applies.
 *
 * <pre>{@code
 * cluster.hbaRules().add(HbaRule.local("all", "admin", "trust"), HbaPlacement.first());
 * cluster.hbaRules().add(rule, HbaPlacement.before(HbaRule.parse("local all all peer")));
 * }</pre>
 *
 * <p>An anchor is a rule (compared by meaning, its first occurrence) or a position among {@link
 * HbaFile#rules()} counted from 0. Immutable.
 */
public final class HbaPlacement {

  private enum Kind { LAST, FIRST, BEFORE, AFTER }

  private static final HbaPlacement LAST = new HbaPlacement(Kind.LAST, null, -1);
  private static final HbaPlacement FIRST = new HbaPlacement(Kind.FIRST, null, -1);

  private final Kind kind;
  private final @Nullable HbaRule anchor;
  private final int index;

  private HbaPlacement(Kind kind, @Nullable HbaRule anchor, int index) {
    this.kind = kind;
    this.anchor = anchor;
    this.index = index;
  }

  /** At the end of the file (the default); a rule already present anywhere stays where it is. */
  public static HbaPlacement last() {
    return LAST;
  }

  /** As the first rule of the file. */
  public static HbaPlacement first() {
    return FIRST;
  }

  /** Before the first rule with the meaning of {@code anchor}. */
  public static HbaPlacement before(HbaRule anchor) {
    return new HbaPlacement(Kind.BEFORE, Objects.requireNonNull(anchor, "anchor"), -1);
  }

  /** After the first rule with the meaning of {@code anchor}. */
  public static HbaPlacement after(HbaRule anchor) {
    return new HbaPlacement(Kind.AFTER, Objects.requireNonNull(anchor, "anchor"), -1);
  }

  /** Before the rule at {@code index} of {@link HbaFile#rules()} (0 = the first rule). */
  public static HbaPlacement before(int index) {
    return new HbaPlacement(Kind.BEFORE, null, checkIndex(index));
  }

  /** After the rule at {@code index} of {@link HbaFile#rules()} (0 = the first rule). */
  public static HbaPlacement after(int index) {
    return new HbaPlacement(Kind.AFTER, null, checkIndex(index));
  }

  private static int checkIndex(int index) {
    if (index < 0) {
      throw new InvalidInputException("a rule position counts from 0; got " + index);
    }
    return index;
  }

  /** The anchor's position among {@code rules}, or -1 for {@link #first()} and {@link #last()}. */
  private int anchorIn(List<HbaRule> rules) {
    if (kind == Kind.FIRST || kind == Kind.LAST) {
      return -1;
    }
    if (anchor != null) {
      int at = rules.indexOf(anchor);
      if (at < 0) {
        throw new InvalidInputException("no rule \"" + anchor.render() + "\" in pg_hba.conf to place the new rule "
            + (kind == Kind.BEFORE ? "before" : "after") + "; name a rule that is there, or a position");
      }
      return at;
    }
    if (index >= rules.size()) {
      throw new InvalidInputException("pg_hba.conf has " + rules.size() + " rules (positions 0.." + (rules.size() - 1)
          + "); there is no rule at position " + index);
    }
    return index;
  }

  /**
   * Whether a rule already at position {@code at} of {@code rules} satisfies this placement
   * ({@link #last()}: anywhere).
   */
  boolean isSatisfiedBy(List<HbaRule> rules, int at) {
    int a = anchorIn(rules);
    return switch (kind) {
      case LAST -> true;
      case FIRST -> at == 0;
      case BEFORE -> at < a;
      case AFTER -> at > a;
    };
  }

  /** The position among {@code rules} a new rule takes (for {@link HbaFile#insert}). */
  int positionIn(List<HbaRule> rules) {
    int a = anchorIn(rules);
    return switch (kind) {
      case LAST -> rules.size();
      case FIRST -> 0;
      case BEFORE -> a;
      case AFTER -> a + 1;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HbaPlacement p && p.kind == kind && Objects.equals(p.anchor, anchor) && p.index == index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, anchor, index);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case LAST -> "last";
      case FIRST -> "first";
      case BEFORE, AFTER -> kind.name().toLowerCase(java.util.Locale.ROOT) + " "
          + (anchor != null ? "\"" + anchor.render() + "\"" : "rule " + index);
    };
  }
}
