package io.pgmob.fleet.rollout;

import io.pgmob.error.InvalidInputException;
import io.pgmob.session.Numbers;

/**
 * The size of one rollout wave: a count of clusters, a percentage of all selected clusters
 * (rounded up, at least one), or the rest.
 */
public final class Wave {

  private final int count;
  private final double percent;

  private Wave(int count, double percent) {
    this.count = count;
    this.percent = percent;
  }

  /**
   * {@code n} clusters.
   *
   * @param n clusters in the wave, at least 1
   * @return the wave size
   */
  public static Wave count(int n) {
    if (n < 1) {
      throw new InvalidInputException("a wave needs at least 1 cluster, got " + n);
    }
    return new Wave(n, 0);
  }

  /**
   * {@code p} percent of all selected clusters, rounded up, at least one.
   *
   * @param p the percentage, more than 0 and at most 100
   * @return the wave size
   */
  public static Wave percent(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new InvalidInputException("a wave percentage must be in (0, 100], got " + p);
    }
    return new Wave(0, p);
  }

  /** {@return every cluster not yet in a wave} */
  public static Wave rest() {
    return new Wave(Integer.MAX_VALUE, 0);
  }

  /**
   * Parses {@code 10}, {@code 25%} or {@code rest}.
   *
   * @param s a count, a percentage or {@code rest}
   * @return the wave size
   * @throws InvalidInputException for anything else
   */
  public static Wave parse(String s) {
    String t = s.strip();
    if (t.equalsIgnoreCase("rest")) {
      return rest();
    }
    boolean percent = t.endsWith("%");
    double n;
    try {
      n = percent ? Numbers.parseDecimal(t.substring(0, t.length() - 1), "a wave") : Numbers.parseInt(t, "a wave");
    } catch (InvalidInputException e) {
      throw new InvalidInputException("a wave is a count (10), a percentage (25%) or 'rest', written with the"
          + " digits 0-9, got '" + s + "'");
    }
    return percent ? percent(n) : count((int) n);
  }

  /** {@return whether this is {@link #rest()}: every remaining cluster} */
  public boolean isRest() {
    return percent == 0 && count == Integer.MAX_VALUE;
  }

  /**
   * How many clusters this wave takes out of {@code total} selected.
   *
   * @param total clusters selected
   * @return how many clusters this wave takes
   */
  public int size(int total) {
    if (percent > 0) {
      return Math.max(1, (int) Math.ceil(total * percent / 100.0));
    }
    return count;
  }

  @Override
  public String toString() {
    return percent > 0 ? (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + "%"
        : count == Integer.MAX_VALUE ? "rest" : String.valueOf(count);
  }
}
