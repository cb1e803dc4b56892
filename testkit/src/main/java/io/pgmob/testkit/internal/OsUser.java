package io.pgmob.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS user that runs embedded servers. PostgreSQL refuses to run as root, so when the JVM is
 * root the servers run as {@code pgmob.testkit.osUser} (environment {@code PGMOB_TESTKIT_OS_USER};
 * default {@code postgres}) through {@code runuser}.
 */
public final class OsUser {

  private static volatile OsUser current;

  private final String name;
  private final boolean switchUser;

  private OsUser(String name, boolean switchUser) {
    this.name = name;
    this.switchUser = switchUser;
  }

  /** The user for this JVM, determined once. */
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
    String configured = System.getProperty("pgmob.testkit.osUser", System.getenv("PGMOB_TESTKIT_OS_USER"));
    String user = configured == null || configured.isBlank() ? "postgres" : configured.trim();
    Processes.Result id = Processes.run(List.of("id", "-u", user), 10);
    if (id.exitCode() != 0) {
      throw new IllegalStateException(
          "the JVM runs as root and PostgreSQL refuses to run as root, but the OS user '" + user
              + "' that should run the embedded servers does not exist; create it (useradd --system "
              + user + ") or name another with -Dpgmob.testkit.osUser=...");
    }
    return new OsUser(user, true);
  }

  public String name() {
    return name;
  }

  /** Whether commands are run through {@code runuser}. */
  public boolean switchesUser() {
    return switchUser;
  }

  /** Prefixes a command so that it runs as this user. */
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

  /** Makes {@code path} owned by this user (when the JVM is root). */
  public void own(Path path) throws IOException {
    if (!switchUser) {
      return;
    }
    UserPrincipal p = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
    Files.setOwner(path, p);
  }
}
