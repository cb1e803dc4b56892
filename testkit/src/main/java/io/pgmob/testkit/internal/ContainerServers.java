package io.pgmob.testkit.internal;

import io.pgmob.testkit.PgServer;
import io.pgmob.testkit.ServerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Servers in Docker containers through Testcontainers, used when a Docker engine answers. */
public final class ContainerServers {

  private static volatile Boolean available;

  private ContainerServers() {}

  /** Whether a Docker engine answers; asked once per JVM, and only when a socket or DOCKER_HOST exists. */
  public static boolean dockerAvailable() {
    Boolean a = available;
    if (a == null) {
      boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
      boolean ok = false;
      if (hint) {
        try {
          ok = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
          ok = false;
        }
      }
      available = a = ok;
    }
    return a;
  }

  public static PgServer start(ServerSpec spec) {
    if (spec.tlsCertificate() != null || !spec.hba().isEmpty()) {
      throw new IllegalStateException("the docker provider cannot be given TLS certificates or hba rules yet;"
          + " run this test with -Dpgmob.testkit.provider=embedded");
    }
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + spec.majorVersion())
        .withDatabaseName("postgres").withUsername("postgres").withPassword("pgmob-test");
    List<String> cmd = new ArrayList<>(List.of("postgres", "-c", "fsync=off"));
    for (Map.Entry<String, String> e : spec.settings().entrySet()) {
      cmd.add("-c");
      cmd.add(e.getKey() + "=" + e.getValue());
    }
    container.withCommand(cmd.toArray(String[]::new));
    container.start();
    return new Container(container, spec.majorVersion());
  }

  private record Container(PostgreSQLContainer container, int majorVersion) implements PgServer {
    @Override
    public String name() {
      return "container-" + container.getContainerId().substring(0, 12);
    }

    @Override
    public String host() {
      return container.getHost();
    }

    @Override
    public int port() {
      return container.getMappedPort(5432);
    }

    @Override
    public String superuser() {
      return container.getUsername();
    }

    @Override
    public String password() {
      return container.getPassword();
    }

    @Override
    public String database() {
      return "postgres";
    }

    @Override
    public void close() {
      container.stop();
    }

    @Override
    public String toString() {
      return "PgServer[" + name() + "]";
    }
  }
}
