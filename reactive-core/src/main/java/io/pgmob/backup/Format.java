package io.pgmob.backup;

/** An archive format ({@code --format}). */
public enum Format {
  /** pg_dump's custom archive: compressed, restorable selectively with pg_restore. The default. */
  CUSTOM("c"),
  /** A directory of files; the only format for parallel dumps ({@code --jobs}). */
  DIRECTORY("d"),
  /** A tar archive. */
  TAR("t"),
  /** A plain SQL script (for psql; pg_restore cannot read it). */
  PLAIN("p");

  private final String argument;

  Format(String argument) {
    this.argument = argument;
  }

  /** {@return the value pg_dump and pg_restore take} */
  public String argument() {
    return argument;
  }
}
