package io.pgmob.examples.bench;

import io.pgmob.testkit.TcpProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The testkit's latency proxy ({@link TcpProxy#main(String[])}) running in a process of its own, so
 * that its CPU is not counted against the measured client. It stops when its standard input closes,
 * which also happens when this JVM dies.
 */
final class ProxyProcess implements AutoCloseable {

  private final Process process;
  private final int latencyMs;
  private final Map<String, Integer> ports;

  private ProxyProcess(Process process, int latencyMs, Map<String, Integer> ports) {
    this.process = process;
    this.latencyMs = latencyMs;
    this.ports = ports;
  }

  /**
   * Starts one proxy process that forwards a fresh loopback port to each {@code host:port} in
   * {@code targets}, adding {@code latencyMs} in each direction.
   */
  static ProxyProcess start(String classpath, int latencyMs, List<String> targets) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // NetCrusher keeps 2 x bufferCount x bufferSize of direct memory per proxied connection (4 MiB
    // by default, zeroed on allocation and freed only by a GC): 16 x 16 KiB is plenty for PostgreSQL
    // messages and keeps 1,000 held connections at 512 MiB
    cmd.add("-Dpgmob.testkit.proxy.bufferCount=16");
    cmd.add("-Dpgmob.testkit.proxy.bufferSize=16384");
    cmd.add("-XX:MaxDirectMemorySize=2g");
    // NetCrusher warns, per connection, that such buffers are smaller than the socket's
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.netcrusher=error");
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(TcpProxy.class.getName());
    cmd.add(Integer.toString(latencyMs));
    for (String t : targets) {
      int port = freePort();
      ports.put(t, port);
      cmd.add(port + "=" + t);
    }
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // skip anything printed before READY
      }
      if (line == null) {
        throw new IllegalStateException("the proxy process exited before it was ready: " + cmd);
      }
      return new ProxyProcess(p, latencyMs, Map.copyOf(ports));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the proxy process", e);
    }
  }

  /** The loopback port that forwards to {@code host:port} with this proxy's latency. */
  int port(String hostAndPort) {
    Integer p = ports.get(hostAndPort);
    if (p == null) {
      throw new IllegalArgumentException("no proxy for " + hostAndPort);
    }
    return p;
  }

  int latencyMs() {
    return latencyMs;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
