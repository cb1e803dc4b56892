package io.pgmob.examples.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Median with min and max of repeated measurements. */
record Stats(double median, double min, double max) {

  static <T> Stats of(List<T> samples, ToDoubleFunction<T> value) {
    List<Double> v = new ArrayList<>();
    for (T s : samples) {
      v.add(value.applyAsDouble(s));
    }
    Collections.sort(v);
    int n = v.size();
    double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    return new Stats(median, v.get(0), v.get(n - 1));
  }

  /** {@code 1234 [1200-1300]}, digits chosen for the magnitude. */
  String format() {
    return fmt(median) + " [" + fmt(min) + "-" + fmt(max) + "]";
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
