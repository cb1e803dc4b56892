package io.pgmob.backup;

/** A dump section ({@code --section}). */
public enum Section {
  /** Everything before the data: tables, types, functions... */
  PRE_DATA("pre-data"),
  /** Table data, large objects, sequence values. */
  DATA("data"),
  /** Indexes, triggers, rules, constraints other than check constraints. */
  POST_DATA("post-data");

  private final String argument;

  Section(String argument) {
    this.argument = argument;
  }

  /** {@return the value pg_dump and pg_restore take} */
  public String argument() {
    return argument;
  }
}
