package io.pgmob.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops servers and removes directories when the JVM exits: a shutdown hook when it exits normally,
 * and a watchdog process (started with the first registration) when it is killed. The watchdog runs
 * as the server user, polls for the JVM every 2 s, then stops and removes what is listed in its
 * file; the shutdown hook empties that file once it has done the work itself.
 */
final class JvmExit {

  private static final Logger LOG = LoggerFactory.getLogger(JvmExit.class);

  /** Servers to stop, and whether to remove their directory. */
  private static final Map<EmbeddedCluster, Boolean> CLUSTERS = new LinkedHashMap<>();
  private static final Set<Path> DIRECTORIES = new LinkedHashSet<>();
  private static @Nullable Path list;
  private static boolean hookAdded;

  private JvmExit() {}

  static synchronized void register(EmbeddedCluster cluster, Path binaries, boolean delete) {
    CLUSTERS.put(cluster, delete);
    start(binaries);
    writeList();
  }

  static synchronized void registerDirectory(Path dir) {
    DIRECTORIES.add(dir);
    start(null);
    writeList();
  }

  static synchronized void unregister(EmbeddedCluster cluster) {
    if (CLUSTERS.remove(cluster) != null) {
      writeList();
    }
  }

  private static void start(@Nullable Path binaries) {
    if (!hookAdded) {
      Runtime.getRuntime().addShutdownHook(new Thread(JvmExit::runHook, "pgmob-embedded-shutdown"));
      hookAdded = true;
    }
    if (list != null || binaries == null) {
      return;
    }
    try {
      Path dir = PgBinaries.workDirectory().resolve("watchdogs");
      Files.createDirectories(dir);
      OsUser.current().own(dir);
      Dirs.makeTraversable(dir);
      long pid = ProcessHandle.current().pid();
      Path file = dir.resolve("jvm-" + pid);
      Files.writeString(file, "", StandardCharsets.UTF_8);
      OsUser.current().own(file);
      // Outlives a killed JVM and stops what it left behind; runs as the server user, so it can.
      String script = "while [ -d /proc/" + pid + " ]; do sleep 2; done; "
          + "while IFS='\t' read -r k d; do [ \"$k\" = S ] && [ -f \"$d/postmaster.pid\" ] && "
          + "\"$PGCTL\" -D \"$d\" stop -m immediate -w -t 20; done < \"$LIST\"; "
          + "while IFS='\t' read -r k d; do [ \"$k\" = D ] && rm -rf \"$d\"; done < \"$LIST\"; "
          + "rm -f \"$LIST\"; exit 0";
      ProcessBuilder pb = new ProcessBuilder(OsUser.current().wrap(List.of("setsid", "sh", "-c", script)))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("PGCTL", binaries.resolve("bin/pg_ctl").toString());
      pb.environment().put("LIST", file.toString());
      pb.start();
      list = file;
    } catch (IOException e) {
      LOG.warn("could not start the orphan watchdog; servers are still stopped by a shutdown hook", e);
    }
  }

  private static void writeList() {
    Path file = list;
    if (file == null) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    CLUSTERS.forEach((c, delete) -> {
      sb.append("S\t").append(c.dataDirectory()).append('\n');
      if (delete) {
        sb.append("D\t").append(c.directory()).append('\n');
      }
    });
    DIRECTORIES.forEach(d -> sb.append("D\t").append(d).append('\n'));
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
      OsUser.current().own(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("could not update the orphan watchdog's list {}", file, e);
    }
  }

  private static void runHook() {
    Map<EmbeddedCluster, Boolean> clusters;
    List<Path> dirs;
    synchronized (JvmExit.class) {
      clusters = new LinkedHashMap<>(CLUSTERS);
      dirs = new ArrayList<>(DIRECTORIES);
    }
    List<Thread> stoppers = new ArrayList<>();
    clusters.forEach((c, delete) -> {
      Thread t = new Thread(() -> {
        try {
          c.stop();
        } catch (RuntimeException e) {
          LOG.warn("could not stop {}", c, e);
        }
        if (delete) {
          Dirs.deleteTree(c.directory());
        }
      }, "pgmob-embedded-stop");
      t.start();
      stoppers.add(t);
    });
    for (Thread t : stoppers) {
      try {
        t.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    dirs.forEach(Dirs::deleteTree);
    Path file = list;
    if (file != null) {
      try {
        Files.writeString(file, "", StandardCharsets.UTF_8);
      } catch (IOException ignored) {
        // the watchdog then finds nothing running and removes what is already gone
      }
    }
  }
}
