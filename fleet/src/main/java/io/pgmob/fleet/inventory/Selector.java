package io.pgmob.fleet.inventory;

import io.pgmob.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses targets by their labels. Immutable.
 *
 * <p>Syntax: comma-separated terms, all of which must hold:
 * <ul>
 *   <li>{@code key=value}: the label equals the value; {@code key=a|b} equals one of them</li>
 *   <li>{@code key!=value}: the label is missing or differs</li>
 *   <li>{@code key}: the label is present; {@code !key}: it is absent</li>
 *   <li>{@code name=...}: the target name (when no label called {@code name} exists), with
 *       {@code *} as a wildcard</li>
 * </ul>
 * An empty string or {@code *} selects every target.
 *
 * <pre>{@code
 * Selector.parse("env=prod,region=eu|us,!decommissioned")
 * }</pre>
 */
public final class Selector implements Predicate<Target> {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-/]+");
  private static final Selector ALL = new Selector("*", List.of());

  private final String text;
  private final List<Term> terms;

  private record Term(String key, Op op, Set<String> values) {}

  private enum Op { EQ, NE, EXISTS, ABSENT }

  private Selector(String text, List<Term> terms) {
    this.text = text;
    this.terms = terms;
  }

  /** Selects every target. */
  public static Selector all() {
    return ALL;
  }

  /**
   * Parses a selector.
   *
   * @throws InvalidInputException naming the bad term and its position
   */
  public static Selector parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.equals("*")) {
      return ALL;
    }
    List<Term> terms = new ArrayList<>();
    int pos = 0;
    for (String raw : t.split(",", -1)) {
      String term = raw.strip();
      if (term.isEmpty()) {
        throw new InvalidInputException("empty term at position " + (pos + 1) + " in selector '" + t + "'");
      }
      Term parsed;
      int ne = term.indexOf("!=");
      int eq = term.indexOf('=');
      if (ne > 0) {
        parsed = new Term(key(term.substring(0, ne), t), Op.NE, values(term.substring(ne + 2), term, t));
      } else if (eq > 0) {
        parsed = new Term(key(term.substring(0, eq), t), Op.EQ, values(term.substring(eq + 1), term, t));
      } else if (term.startsWith("!")) {
        parsed = new Term(key(term.substring(1), t), Op.ABSENT, Set.of());
      } else if (eq == 0 || ne == 0) {
        throw new InvalidInputException("term '" + term + "' in selector '" + t + "' has no label key");
      } else {
        parsed = new Term(key(term, t), Op.EXISTS, Set.of());
      }
      terms.add(parsed);
      pos += raw.length() + 1;
    }
    return new Selector(t, List.copyOf(terms));
  }

  private static String key(String k, String selector) {
    String key = k.strip();
    if (!KEY.matcher(key).matches()) {
      throw new InvalidInputException("invalid label key '" + key + "' in selector '" + selector
          + "' (letters, digits, _ . - / only)");
    }
    return key;
  }

  private static Set<String> values(String v, String term, String selector) {
    Set<String> set = new java.util.LinkedHashSet<>();
    for (String s : v.split("\\|", -1)) {
      String value = s.strip();
      if (value.isEmpty()) {
        throw new InvalidInputException("term '" + term + "' in selector '" + selector + "' has an empty value");
      }
      if (value.indexOf('=') >= 0 || value.startsWith("!")) {
        throw new InvalidInputException("term '" + term + "' in selector '" + selector + "' has the value '" + value
            + "': the operators are = and != (one '='), e.g. region=eu or region!=eu");
      }
      set.add(value);
    }
    return Set.copyOf(set);
  }

  /**
   * Checks a label key: letters, digits, {@code _ . - /}.
   *
   * @throws InvalidInputException when it is not one
   */
  public static void checkLabelKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new InvalidInputException("invalid label key '" + key + "' (letters, digits, _ . - / only)");
    }
  }

  /** Whether {@code target} is selected. */
  @Override
  public boolean test(Target target) {
    for (Term term : terms) {
      String v = target.label(term.key());
      if (v == null && term.key().equals("name") && (term.op() == Op.EQ || term.op() == Op.NE)) {
        boolean m = term.values().stream().anyMatch(p -> glob(p, target.name()));
        if (m != (term.op() == Op.EQ)) {
          return false;
        }
        continue;
      }
      boolean ok = switch (term.op()) {
        case EQ -> v != null && term.values().contains(v);
        case NE -> v == null || !term.values().contains(v);
        case EXISTS -> v != null;
        case ABSENT -> v == null;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean glob(String pattern, String name) {
    if (!pattern.contains("*")) {
      return pattern.equals(name);
    }
    StringBuilder re = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      re.append(Pattern.quote(part)).append(".*");
    }
    re.setLength(re.length() - 2);
    return name.matches(re.toString());
  }

  /** {@return whether this selects every target} */
  public boolean isAll() {
    return terms.isEmpty();
  }

  /** The selector as parsed, for example {@code env=prod,region=eu}. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Selector s && s.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }
}
