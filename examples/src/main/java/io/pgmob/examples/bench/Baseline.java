package io.pgmob.examples.bench;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.StringPreparation;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What the plain programs of the whole-process benchmark ({@link VertxRotation}, {@link
 * R2dbcRotation}, {@link FleetHeld}) share: the targets file they read, the rotation's SQL and the
 * SCRAM verifier they compute on the client. Deliberately free of pgmob, so that the baselines are
 * what one writes with the driver alone.
 *
 * <p>Targets file: one target a line, {@code host port database user grantDatabase role}, separated
 * by tabs. The administrator's password comes from {@code BENCH_ADMIN_PASSWORD}, the role's new
 * password from {@code BENCH_NEW_PASSWORD}: never on a command line.
 */
final class Baseline {

  static final String ADMIN_PASSWORD_ENV = "BENCH_ADMIN_PASSWORD";
  static final String NEW_PASSWORD_ENV = "BENCH_NEW_PASSWORD";

  private Baseline() {}

  /** One line of the targets file. */
  record Target(String host, int port, String database, String user, String grantDatabase, String role) {
    String line() {
      return String.join("\t", host, Integer.toString(port), database, user, grantDatabase, role);
    }
  }

  static void write(Path file, List<Target> targets) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Target t : targets) {
      sb.append(t.line()).append('\n');
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  static List<Target> read(Path file) throws IOException {
    List<Target> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 6) {
        throw new IllegalArgumentException(file + ": want 6 tab-separated fields, got " + f.length + ": " + line);
      }
      out.add(new Target(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5]));
    }
    return List.copyOf(out);
  }

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("set " + name);
    }
    return v;
  }

  /**
   * The rotation, one simple-query message: create the role if missing, set its password (a SCRAM
   * verifier, so the plaintext never travels), grant CONNECT on the database. The names are the
   * benchmark's own ({@code app_user}, {@code bench_000}), plain identifiers that need no quoting.
   */
  static String rotationSql(Target t, String verifier) {
    return "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '" + t.role()
        + "') THEN CREATE ROLE \"" + t.role() + "\" LOGIN; END IF; END$$; ALTER ROLE \"" + t.role()
        + "\" PASSWORD '" + verifier + "'; GRANT CONNECT ON DATABASE \"" + t.grantDatabase() + "\" TO \""
        + t.role() + "\"";
  }

  /** PostgreSQL's SCRAM-SHA-256 verifier of {@code password}: 4096 iterations, a random 16-byte salt. */
  static String scramVerifier(String password) {
    byte[] salt = ScramFunctions.salt(16, new java.security.SecureRandom());
    byte[] salted = ScramFunctions.saltedPassword(ScramMechanism.SCRAM_SHA_256,
        StringPreparation.POSTGRESQL_PREPARATION, password.toCharArray(), salt, 4096);
    byte[] stored = ScramFunctions.storedKey(ScramMechanism.SCRAM_SHA_256,
        ScramFunctions.clientKey(ScramMechanism.SCRAM_SHA_256, salted));
    byte[] server = ScramFunctions.serverKey(ScramMechanism.SCRAM_SHA_256, salted);
    Arrays.fill(salted, (byte) 0);
    Base64.Encoder b64 = Base64.getEncoder();
    return "SCRAM-SHA-256$4096:" + b64.encodeToString(salt) + "$" + b64.encodeToString(stored) + ":"
        + b64.encodeToString(server);
  }

  /** This process's CPU time (user + system), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * The held-session programs' report: median round time and CPU per query over the measured
   * rounds, printed as one {@code RESULT} line the driver parses; then they hold their sessions
   * until their standard input closes, so the driver can read their memory and threads.
   */
  static void reportHeldAndWait(List<Long> roundNanos, long cpuNanos, long queries) throws IOException {
    long[] sorted = roundNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double medianMs = sorted[sorted.length / 2] / 1e6;
    System.out.printf(java.util.Locale.ROOT, "RESULT roundMs=%.1f cpuUsPerQuery=%.1f rounds=%d queries=%d%n",
        medianMs, cpuNanos / 1e3 / queries, sorted.length, queries);
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the sessions until the driver has read our memory and threads
    }
  }
}
