package io.pgmob.hba;

import java.util.List;
import java.util.Objects;

/**
 * What {@link HbaRules#add(HbaRule, HbaPlacement)} did.
 *
 * @param file the file as it is now on the server (re-read after the write)
 * @param changed whether the file was written; false when the rule was already there, placed as asked
 * @param warnings what the operator should know, for example that the rule never matches
 *     because an earlier rule matches every connection it would (see {@link HbaFile#shadowedBy})
 */
public record HbaEdit(HbaFile file, boolean changed, List<String> warnings) {

  /** Copies {@code warnings}. */
  public HbaEdit {
    Objects.requireNonNull(file, "file");
    warnings = List.copyOf(warnings);
  }
}
