package io.pgmob.settings;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code pg_settings} as this session sees it. Immutable.
 *
 * @param name the setting's name
 * @param value the current value ({@code setting}), in {@code unit}
 * @param unit the implicit unit ({@code kB}, {@code 8kB}, {@code ms} ...) or null
 * @param type {@code bool}, {@code enum}, {@code integer}, {@code real}, {@code string}
 * @param context when it can change: {@code postmaster} (restart), {@code sighup} (reload),
 *     {@code superuser}, {@code user} ...
 * @param source where the current value comes from ({@code default}, {@code configuration file} ...)
 * @param bootValue the built-in default
 * @param resetValue the value {@code RESET} would give this session
 * @param pendingRestart whether the configuration file holds a value that waits for a restart
 * @param minValue the minimum for numbers, else null
 * @param maxValue the maximum for numbers, else null
 * @param enumValues the allowed values of an enum, else empty
 * @param category the documentation's category
 * @param description the short description
 */
public record Setting(String name, @Nullable String value, @Nullable String unit, String type, String context,
    String source, @Nullable String bootValue, @Nullable String resetValue, boolean pendingRestart,
    @Nullable String minValue, @Nullable String maxValue, List<String> enumValues, String category,
    String description) {

  /** Copies the enum values. */
  public Setting {
    Objects.requireNonNull(name, "name");
    enumValues = List.copyOf(enumValues);
  }

  /** {@return whether a change takes effect only after a server restart ({@code context = postmaster})} */
  public boolean requiresRestart() {
    return context.equals("postmaster");
  }

  /** {@return the value with its unit, e.g. {@code 4096 kB}... or {@code 8192 (8kB)}} */
  public String valueWithUnit() {
    return value == null ? "" : unit == null ? value : value + " (" + unit + ")";
  }
}
