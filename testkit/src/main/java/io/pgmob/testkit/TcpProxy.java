package io.pgmob.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on a loopback port in front of a server, to add latency, to cut connections and to
 * count the PostgreSQL messages clients send ({@link #frontendMessages()}). Built on NetCrusher. Each proxied connection holds {@code pgmob.testkit.proxy.bufferCount} (default
 * 64) buffers of {@code pgmob.testkit.proxy.bufferSize} bytes (default 32768) of direct memory per
 * direction; lower them (system properties) to proxy many connections at once.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.start(server.host(), server.port())) {
 *   proxy.latency(Duration.ofMillis(50));   // each way
 *   // connect to 127.0.0.1:proxy.port() ...
 *   proxy.cutConnections();                  // every open connection is closed now
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #main(String[])} runs one in its own process, so that the proxy's CPU is
 * not counted against a client measured in another process.
 */
public final class TcpProxy implements AutoCloseable {

  // NetCrusher keeps bufferCount x bufferSize of direct memory per direction per proxied connection
  // (default 64 x 32 KiB, 4 MiB a connection); a proxy for hundreds of connections wants less.
  private static final int BUFFER_COUNT = Integer.getInteger("pgmob.testkit.proxy.bufferCount", 64);
  private static final int BUFFER_SIZE = Integer.getInteger("pgmob.testkit.proxy.bufferSize", 32 * 1024);

  private final NioReactor reactor;
  private final TcpCrusher crusher;
  private final int port;
  private volatile long delayNanos;
  private final FrontendMessages frontend = new FrontendMessages();

  private TcpProxy(String targetHost, int targetPort, int listenPort) throws IOException {
    this.reactor = new NioReactor(1);
    this.port = listenPort == 0 ? freePort() : listenPort;
    Throttler delay = new Throttler() {
      @Override
      public long calculateDelayNs(ByteBuffer bb) {
        return delayNanos;
      }
    };
    this.crusher = TcpCrusherBuilder.builder()
        .withReactor(reactor)
        .withBindAddress("127.0.0.1", port)
        .withConnectAddress(targetHost, targetPort)
        .withTcpNoDelay(true)
        .withBufferCount(BUFFER_COUNT)
        .withBufferSize(BUFFER_SIZE)
        .withIncomingThrottlerFactory(addr -> delay)
        // "outgoing" is what the client sends, on its way to the server
        .withOutgoingTransformFilterFactory(addr -> {
          FrontendMessages.Parser parser = frontend.newConnection();
          return parser::feed;
        })
        .withOutgoingThrottlerFactory(addr -> delay)
        .buildAndOpen();
  }

  /**
   * Starts a proxy on a free loopback port forwarding to {@code host:port}.
   *
   * @param targetHost the host to forward to
   * @param targetPort the port to forward to
   * @return the proxy, listening
   */
  public static TcpProxy start(String targetHost, int targetPort) {
    return start(targetHost, targetPort, 0);
  }

  /**
   * Starts a proxy on {@code listenPort} (0: any free port) forwarding to {@code host:port}.
   *
   * @param targetHost the host to forward to
   * @param targetPort the port to forward to
   * @param listenPort the loopback port to listen on, 0 for any free one
   * @return the proxy, listening
   */
  public static TcpProxy start(String targetHost, int targetPort, int listenPort) {
    Objects.requireNonNull(targetHost, "targetHost");
    try {
      return new TcpProxy(targetHost, targetPort, listenPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a TCP proxy to " + targetHost + ":" + targetPort, e);
    }
  }

  /**
   * Starts a proxy in front of {@code server}.
   *
   * @param server the server to forward to
   * @return the proxy, listening
   */
  public static TcpProxy start(PgServer server) {
    return start(server.host(), server.port());
  }

  /** {@return the loopback port clients connect to} */
  public int port() {
    return port;
  }

  /** {@return always {@code 127.0.0.1}} */
  public String host() {
    return "127.0.0.1";
  }

  /**
   * Delays every chunk of data by {@code oneWay}, in each direction. Zero removes the delay.
   *
   * @param oneWay the delay each way
   * @return this proxy
   */
  public TcpProxy latency(Duration oneWay) {
    if (oneWay.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + oneWay);
    }
    this.delayNanos = oneWay.toNanos();
    return this;
  }

  /** Closes every connection open through the proxy now; new connections are still accepted. */
  public void cutConnections() {
    crusher.closeAllPairs();
  }

  /** Stops passing data and accepting connections until {@link #unfreeze()}. */
  public void freeze() {
    crusher.freeze();
  }

  /** Resumes after {@link #freeze()}. */
  public void unfreeze() {
    crusher.unfreeze();
  }

  /**
   * The PostgreSQL frontend messages sent through this proxy so far (or since their last {@link
   * FrontendMessages#reset()}), for counting round trips. Only connections without TLS can be
   * read; connect with TLS disabled to count.
   *
   * @return the live counts (not a copy)
   */
  public FrontendMessages frontendMessages() {
    return frontend;
  }

  /** {@return how many client connections are open through the proxy now} */
  public int openConnections() {
    return crusher.getClientAddresses().size();
  }

  /**
   * Waits until no client connection is open through the proxy, so that whatever a closed client
   * sent last has been counted.
   *
   * @param timeout how long to wait at most
   * @throws IllegalStateException if connections are still open after {@code timeout}
   */
  public void awaitNoConnections(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (openConnections() > 0) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(openConnections() + " connection(s) still open through the proxy after "
            + timeout.toMillis() + " ms");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the proxy's connections to close", e);
      }
    }
  }

  /** {@return how many client connections the proxy has accepted so far} */
  public int acceptedConnections() {
    return crusher.getClientTotalCount();
  }

  @Override
  public void close() {
    crusher.close();
    reactor.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Runs proxies in this process until it is killed or standard input closes. Arguments: {@code
   * <latency-ms-one-way> <listenPort>=<host>:<port> ...}; prints {@code READY} when all listen.
   *
   * @param args the latency, then one {@code listenPort=host:port} per proxy
   * @throws Exception when a proxy cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: TcpProxy <latency-ms-one-way> <listenPort>=<host>:<port> ...");
      System.exit(2);
    }
    Duration latency = Duration.ofMillis(Long.parseLong(args[0]));
    java.util.List<TcpProxy> proxies = new java.util.ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] lr = args[i].split("=", 2);
      int colon = lr[1].lastIndexOf(':');
      proxies.add(start(lr[1].substring(0, colon), Integer.parseInt(lr[1].substring(colon + 1)),
          Integer.parseInt(lr[0])).latency(latency));
    }
    System.out.println("READY");
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    } finally {
      proxies.forEach(TcpProxy::close);
    }
  }
}
