package io.pgmob.examples.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A plain Vert.x PG client program (io.vertx:vertx-pg-client, defaults), the whole-process
 * benchmark's reference. Not product code: what one writes with the client alone.
 *
 * <ul>
 *   <li>{@code rotate TARGETS IN_FLIGHT}: per target connect, send the rotation ({@link
 *       Baseline#rotationSql}) in one simple query, close; {@code IN_FLIGHT} targets at a time.
 *   <li>{@code held TARGETS WARMUP_QUERIES ROUNDS}: open one connection per target, run {@code
 *       SELECT 1} on every target per round (all in flight) until {@code WARMUP_QUERIES} have run,
 *       then {@code ROUNDS} measured rounds; print the {@code RESULT} line and hold the sessions until
 *       standard input closes.
 * </ul>
 */
public final class VertxRotation {

  private VertxRotation() {}

  /**
   * Runs one mode (see the class comment).
   *
   * @param args the mode and its arguments
   * @throws Exception when a target fails
   */
  public static void main(String[] args) throws Exception {
    List<Baseline.Target> targets = Baseline.read(Path.of(args[1]));
    String adminPassword = Baseline.env(Baseline.ADMIN_PASSWORD_ENV);
    Vertx vertx = Vertx.vertx();
    try {
      if (args[0].equals("rotate")) {
        rotate(vertx, targets, adminPassword, Baseline.env(Baseline.NEW_PASSWORD_ENV), Integer.parseInt(args[2]));
      } else {
        held(vertx, targets, adminPassword, Long.parseLong(args[2]), Integer.parseInt(args[3]));
      }
    } finally {
      vertx.close().await();
    }
  }

  private static PgConnectOptions options(Baseline.Target t, String password) {
    return new PgConnectOptions().setHost(t.host()).setPort(t.port()).setDatabase(t.database())
        .setUser(t.user()).setPassword(password).setSslMode(SslMode.DISABLE);
  }

  /** Runs {@code work} on every index, {@code inFlight} at a time; returns the failures. */
  private static List<String> fanOut(int count, int inFlight, java.util.function.IntFunction<Future<?>> work)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(count);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Runnable[] worker = new Runnable[1];
    worker[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      work.apply(i).onComplete(ar -> {
        if (ar.failed()) {
          failures.add("target " + i + ": " + ar.cause());
        }
        done.countDown();
        worker[0].run();
      });
    };
    for (int w = 0; w < Math.min(inFlight, count); w++) {
      worker[0].run();
    }
    done.await();
    return new ArrayList<>(failures);
  }

  private static void rotate(Vertx vertx, List<Baseline.Target> targets, String adminPassword, String newPassword,
      int inFlight) throws InterruptedException {
    List<String> failures = fanOut(targets.size(), inFlight, i -> {
      Baseline.Target t = targets.get(i);
      String sql = Baseline.rotationSql(t, Baseline.scramVerifier(newPassword));
      return PgConnection.connect(vertx, options(t, adminPassword))
          .compose(c -> c.query(sql).execute().eventually(c::close));
    });
    finish(targets.size(), failures);
  }

  private static void held(Vertx vertx, List<Baseline.Target> targets, String adminPassword, long warmupQueries,
      int rounds) throws Exception {
    int n = targets.size();
    AtomicReferenceArray<PgConnection> sessions = new AtomicReferenceArray<>(n);
    // connects are limited like a rotation's, so that 1,000 start-ups do not all hit the servers at once
    List<String> failures = fanOut(n, 64, i -> PgConnection.connect(vertx, options(targets.get(i), adminPassword))
        .onSuccess(c -> sessions.set(i, c)));
    if (!failures.isEmpty()) {
      finish(n, failures);
      return;
    }
    long warm = 0;
    while (warm < warmupQueries) {
      round(sessions, n);
      warm += n;
    }
    List<Long> times = new ArrayList<>();
    long cpu0 = Baseline.processCpuNanos();
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      round(sessions, n);
      times.add(System.nanoTime() - t0);
    }
    long cpu = Baseline.processCpuNanos() - cpu0;
    Baseline.reportHeldAndWait(times, cpu, (long) rounds * n);
    for (int i = 0; i < n; i++) {
      sessions.get(i).close().await();
    }
  }

  private static void round(AtomicReferenceArray<PgConnection> sessions, int n) throws InterruptedException {
    List<String> failures = fanOut(n, n, i -> sessions.get(i).query("SELECT 1").execute().map(rows -> {
      if (rows.iterator().next().getInteger(0) != 1) {
        throw new IllegalStateException("SELECT 1 did not answer 1");
      }
      return rows;
    }));
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " of " + n + " queries failed, e.g. " + failures.get(0));
    }
  }

  static void finish(int count, List<String> failures) {
    if (!failures.isEmpty()) {
      System.err.println(failures.size() + " of " + count + " targets failed, e.g. " + failures.get(0));
      System.exit(1);
    }
    System.out.println("OK " + count);
  }
}
