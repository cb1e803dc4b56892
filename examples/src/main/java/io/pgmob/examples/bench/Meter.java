package io.pgmob.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * What the client JVM spends: wall time, process CPU time (every thread of this JVM; the servers
 * and the latency proxy are other processes), peak live threads, heap after a full GC.
 */
final class Meter {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Meter() {}

  /** Process CPU time of this JVM in nanoseconds. */
  static long processCpuNanos() {
    return OS.getProcessCpuTime();
  }

  /** Starts counting peak threads from now. */
  static void resetPeakThreads() {
    THREADS.resetPeakThreadCount();
  }

  static int peakThreads() {
    return THREADS.getPeakThreadCount();
  }

  static int liveThreads() {
    return THREADS.getThreadCount();
  }

  /** Used heap in bytes after full collections (two, with a pause, so that finalizable garbage goes too). */
  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** One measured run. */
  record Sample(double wallMs, double cpuMs, double serverCpuMs, double proxyCpuMs, int peakThreads) {
    Sample scaled(double factor) {
      return new Sample(wallMs * factor, cpuMs * factor, serverCpuMs * factor, proxyCpuMs * factor, peakThreads);
    }
  }

  /** Something to measure. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work} once and measures it, with the servers' and the proxy process's CPU. */
  static Sample measure(ServerCpu servers, long proxyPid, Work work) throws Exception {
    resetPeakThreads();
    long proxy0 = ServerCpu.processNanos(proxyPid);
    long server0 = servers.totalNanos();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    work.run();
    long wall = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    long server = servers.totalNanos() - server0;
    long proxy = ServerCpu.processNanos(proxyPid) - proxy0;
    return new Sample(wall / 1e6, cpu / 1e6, server / 1e6, proxy / 1e6, peakThreads());
  }
}
