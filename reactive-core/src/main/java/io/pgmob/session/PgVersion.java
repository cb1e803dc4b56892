package io.pgmob.session;

/**
 * A server version.
 *
 * @param number {@code server_version_num}, for example {@code 150004}
 * @param text the full {@code version()} string
 */
public record PgVersion(int number, String text) implements Comparable<PgVersion> {

  /** {@return the major version: 15 for 150004 (and 9 for 90624)} */
  public int major() {
    return number / 10000;
  }

  /** {@return the minor version: 4 for 150004} */
  public int minor() {
    return number >= 100000 ? number % 10000 : number % 100;
  }

  /** Whether this version is at least {@code major}. */
  public boolean atLeast(int major) {
    return major() >= major;
  }

  @Override
  public int compareTo(PgVersion o) {
    return Integer.compare(number, o.number);
  }

  @Override
  public String toString() {
    return number >= 100000 ? major() + "." + minor()
        : major() + "." + (number / 100) % 100 + "." + number % 100;
  }
}
