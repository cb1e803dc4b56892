package io.pgmob.testkit;

/** Started in a child JVM by {@link OrphanWatchdogIntegrationTests}: starts a server, prints its data dir, waits. */
public final class OrphanProbe {
  private OrphanProbe() {}

  public static void main(String[] args) throws Exception {
    PgServer server = PgServers.start();
    System.out.println("DATADIR " + server.dataDirectory().orElseThrow());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
