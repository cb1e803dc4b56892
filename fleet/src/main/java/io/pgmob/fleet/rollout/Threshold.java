package io.pgmob.fleet.rollout;

import io.pgmob.error.InvalidInputException;
import io.pgmob.session.Numbers;

/**
 * When a rollout halts: once failures exceed a count, or a percentage of the clusters in scope
 * (the wave for a per-wave threshold, all selected clusters for the overall one).
 * {@code Threshold.count(0)} halts at the first failure.
 */
public final class Threshold {

  private final int count;
  private final double percent;

  private Threshold(int count, double percent) {
    this.count = count;
    this.percent = percent;
  }

  /**
   * Halt when more than {@code n} clusters failed.
   *
   * @param n failures tolerated, at least 0
   * @return the threshold
   */
  public static Threshold count(int n) {
    if (n < 0) {
      throw new InvalidInputException("a failure threshold must be >= 0, got " + n);
    }
    return new Threshold(n, -1);
  }

  /**
   * Halt when more than {@code p} percent of the clusters in scope failed.
   *
   * @param p the percentage of failures tolerated, 0..100
   * @return the threshold
   */
  public static Threshold percent(double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new InvalidInputException("a failure percentage must be in [0, 100], got " + p);
    }
    return new Threshold(-1, p);
  }

  /**
   * Never halt.
   *
   * @return the threshold
   */
  public static Threshold none() {
    return new Threshold(Integer.MAX_VALUE, -1);
  }

  /**
   * Parses {@code 3} or {@code 10%}.
   *
   * @param s a count or a percentage
   * @return the threshold
   * @throws io.pgmob.error.InvalidInputException for anything else
   */
  public static Threshold parse(String s) {
    String t = s.strip();
    boolean percent = t.endsWith("%");
    double n;
    try {
      n = percent ? Numbers.parseDecimal(t.substring(0, t.length() - 1), "a failure threshold")
          : Numbers.parseInt(t, "a failure threshold");
    } catch (InvalidInputException e) {
      throw new InvalidInputException("a failure threshold is a count (3) or a percentage (10%), written with the"
          + " digits 0-9, got '" + s + "'");
    }
    return percent ? percent(n) : count((int) n);
  }

  /**
   * Whether {@code failed} failures out of {@code scope} clusters pass this threshold.
   *
   * @param failed clusters that failed
   * @param scope clusters in scope (the wave, or the whole rollout)
   * @return whether to halt
   */
  public boolean exceeded(int failed, int scope) {
    if (percent >= 0) {
      return scope > 0 && failed * 100.0 / scope > percent;
    }
    return failed > count;
  }

  @Override
  public String toString() {
    return percent >= 0 ? percent + "%" : count == Integer.MAX_VALUE ? "none" : String.valueOf(count);
  }
}
