package io.pgmob.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS user that runs embedded servers. PostgreSQL refuses to run as root, so when the JVM is
 * root the servers run as an unprivileged user through {@code runuser}: {@code
 * pgmob.embedded.osUser} (or {@code pgmob.testkit.osUser}, environment {@code PGMOB_OS_USER} or
 * {@code PGMOB_TESTKIT_OS_USER}), default {@code postgres}. Otherwise they run as the JVM's user.
 */
public final class OsUser {

  private static volatile OsUser current;

  private final String name;
  private final boolean switchUser;

  private OsUser(String name, boolean switchUser) {
    this.name = name;
    this.switchUser = switchUser;
  }

  /**
   * The user for this JVM, determined once.
   *
   * @return the user servers run as
   * @throws IllegalStateException when the JVM is root and the configured user does not exist
   */
  public static OsUser current() {
    OsUser u = current;
    if (u == null) {
      synchronized (OsUser.class) {
        if (current == null) {
          current = detect();
        }
        u = current;
      }
    }
    return u;
  }

  private static OsUser detect() {
    boolean root = "0".equals(Processes.run(List.of("id", "-u"), 10).output().trim());
    if (!root) {
      return new OsUser(System.getProperty("user.name"), false);
    }
    String configured = Config.get("osUser", "PGMOB_OS_USER", "PGMOB_TESTKIT_OS_USER");
    String user = configured == null ? "postgres" : configured;
    Processes.Result id = Processes.run(List.of("id", "-u", user), 10);
    if (id.exitCode() != 0) {
      throw new IllegalStateException(
          "running as root, and PostgreSQL refuses to run as root, but the OS user '" + user
              + "' that should run the servers does not exist; create it (useradd --system "
              + user + ") or name another with -Dpgmob.embedded.osUser=USER or PGMOB_OS_USER");
    }
    return new OsUser(user, true);
  }

  /** {@return the user's name} */
  public String name() {
    return name;
  }

  /** {@return whether commands are run through {@code runuser}, that is, whether the JVM is root} */
  public boolean switchesUser() {
    return switchUser;
  }

  /**
   * Prefixes a command so that it runs as this user.
   *
   * @param command the command and its arguments
   * @return {@code command} itself, or {@code runuser -u USER -- command...} when the JVM is root
   */
  public List<String> wrap(List<String> command) {
    if (!switchUser) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(command.size() + 4);
    wrapped.add("runuser");
    wrapped.add("-u");
    wrapped.add(name);
    wrapped.add("--");
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Makes {@code path} owned by this user when the JVM is root; does nothing otherwise.
   *
   * @param path a file or directory
   * @throws IOException when the owner cannot be changed
   */
  public void own(Path path) throws IOException {
    if (!switchUser) {
      return;
    }
    UserPrincipal p = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
    Files.setOwner(path, p);
  }

  /**
   * Whether this user can enter {@code dir} (every directory on the way must be searchable by it).
   *
   * @param dir a directory
   * @return true when this user can reach files inside {@code dir}
   */
  public boolean canEnter(Path dir) {
    if (!switchUser) {
      return Files.isDirectory(dir) && Files.isExecutable(dir);
    }
    return Processes.run(wrap(List.of("test", "-x", dir.toAbsolutePath().toString())), 10).exitCode() == 0;
  }

  @Override
  public String toString() {
    return "OsUser[" + name + (switchUser ? ", through runuser" : "") + "]";
  }
}
