package io.pgmob.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPU time spent by PostgreSQL servers on this machine, read from {@code /proc}: each postmaster's
 * own time, the time of its children already reaped ({@code cutime + cstime}, so backends that
 * have exited count) and the time of its live children. Returns 0 where {@code /proc} is not
 * readable (servers elsewhere).
 */
final class ServerCpu {

  private static final double TICK_NANOS = 1e9 / 100; // USER_HZ is 100 on Linux
  private final List<Long> postmasterPids;

  private ServerCpu(List<Long> pids) {
    this.postmasterPids = pids;
  }

  static ServerCpu none() {
    return new ServerCpu(List.of());
  }

  /** The postmasters whose data directories are given (first line of {@code postmaster.pid}). */
  static ServerCpu of(List<Optional<Path>> dataDirectories) {
    List<Long> pids = new ArrayList<>();
    for (Optional<Path> dir : dataDirectories) {
      if (dir.isEmpty()) {
        continue;
      }
      try {
        String first = Files.readAllLines(dir.get().resolve("postmaster.pid")).get(0).trim();
        pids.add(Long.parseLong(first));
      } catch (IOException | RuntimeException e) {
        // not readable: leave this server out
      }
    }
    return new ServerCpu(List.copyOf(pids));
  }

  /** Whether any server is counted. */
  boolean available() {
    return !postmasterPids.isEmpty();
  }

  /** The servers' total CPU time so far, in nanoseconds. */
  long totalNanos() {
    long ticks = 0;
    for (long pid : postmasterPids) {
      ticks += ticks(pid, true);
      for (long child : children(pid)) {
        ticks += ticks(child, false);
      }
    }
    return (long) (ticks * TICK_NANOS);
  }

  /** CPU time of one process (and its reaped children when asked), in nanoseconds; 0 if gone. */
  static long processNanos(long pid) {
    return (long) (ticks(pid, true) * TICK_NANOS);
  }

  private static long ticks(long pid, boolean withReapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withReapedChildren) {
        t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      }
      return t;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).trim();
      if (!s.isEmpty()) {
        for (String c : s.split(" ")) {
          out.add(Long.parseLong(c));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no children file: count reaped children only
    }
    return out;
  }
}
