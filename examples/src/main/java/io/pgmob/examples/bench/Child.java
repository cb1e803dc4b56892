package io.pgmob.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One measured child process of the whole-process benchmark: wall time, CPU time (user + system)
 * and peak resident memory from GNU {@code time} (the child's {@code getrusage}), peak threads by
 * sampling {@code /proc/<pid>/status}. Without {@code /usr/bin/time} the CPU and memory come from
 * the same sampling ({@code /proc/<pid>/stat} utime + stime, {@code VmHWM}), which misses what the
 * child does after the last sample (at most one sampling interval).
 */
final class Child {

  private static final Path TIME = Path.of("/usr/bin/time");
  private static final long TICKS_PER_SECOND = 100;   // USER_HZ on Linux

  /** What one run of a child cost. */
  record Measured(int exitCode, double wallS, double cpuS, long peakRssKb, int peakThreads, String output) {}

  private Child() {}

  static boolean hasTime() {
    return Files.isExecutable(TIME);
  }

  /**
   * Runs {@code command} to its end with {@code env} added to this process's environment; its
   * standard output and error go to {@code log}.
   */
  static Measured run(List<String> command, Map<String, String> env, Path log) throws IOException, InterruptedException {
    Path times = Files.createTempFile(log.getParent(), "time", ".txt");
    List<String> cmd = new ArrayList<>();
    boolean timed = hasTime();
    if (timed) {
      cmd.addAll(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", times.toString()));
    }
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    int threads = 0;
    long rssKb = 0;
    long ticks = 0;
    while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
      for (long pid : javaPids(p)) {
        Map<String, Long> status = status(pid);
        threads = Math.max(threads, status.getOrDefault("Threads", 0L).intValue());
        rssKb = Math.max(rssKb, status.getOrDefault("VmHWM", 0L));
        ticks = Math.max(ticks, cpuTicks(pid));
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = ticks / (double) TICKS_PER_SECOND;
    if (timed) {
      String[] f = Files.readString(times).trim().lines().reduce((a, b) -> b).orElse("").split(" ");
      if (f.length == 4) {
        wall = Double.parseDouble(f[0]);
        cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
        rssKb = Long.parseLong(f[3]);
      }
    }
    Files.deleteIfExists(times);
    return new Measured(p.exitValue(), wall, cpu, rssKb, threads, Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The process itself and its descendants (GNU time and {@code sh} exec or fork the JVM). */
  private static List<Long> javaPids(Process p) {
    List<Long> pids = new ArrayList<>();
    pids.add(p.pid());
    p.descendants().forEach(h -> pids.add(h.pid()));
    return pids;
  }

  /** The numeric fields of {@code /proc/<pid>/status} (kB for memory), empty once it is gone. */
  static Map<String, Long> status(long pid) {
    Map<String, Long> out = new java.util.HashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        int colon = line.indexOf(':');
        String[] v = line.substring(colon + 1).trim().split("\\s+");
        if (colon > 0 && v.length > 0 && v[0].matches("\\d+")) {
          out.put(line.substring(0, colon), Long.parseLong(v[0]));
        }
      }
    } catch (IOException e) {
      // the process ended between two samples
    }
    return out;
  }

  /** utime + stime of {@code /proc/<pid>/stat}, in clock ticks; 0 once it is gone. */
  static long cpuTicks(long pid) {
    Optional<String> stat;
    try {
      stat = Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return 0;
    }
    // the command name may hold spaces: the fields after it start behind the last ')'
    String[] f = stat.get().substring(stat.get().lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
