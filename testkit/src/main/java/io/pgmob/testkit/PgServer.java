package io.pgmob.testkit;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A running PostgreSQL server a test may use: where it listens and how to log in as its superuser.
 *
 * <p>Servers started by the testkit are stopped by it (at the end of their scope and, at the
 * latest, when the JVM exits); {@link #close()} stops one earlier. A server given by the
 * environment is never stopped.
 */
public interface PgServer extends AutoCloseable {

  /** {@return a short name for messages and logs, for example {@code embedded-15-54321}} */
  String name();

  /** {@return host name or address clients connect to} */
  String host();

  /** {@return TCP port clients connect to} */
  int port();

  /** {@return the superuser's name} */
  String superuser();

  /** {@return the superuser's password, or {@code null} when the server trusts local connections} */
  @Nullable String password();

  /** {@return the database to connect to by default ({@code postgres})} */
  String database();

  /** {@return the server's major version, for example {@code 15}} */
  int majorVersion();

  /** {@return the server's data directory when it runs on this machine; empty by default} */
  default Optional<Path> dataDirectory() {
    return Optional.empty();
  }

  /** {@return the server's log file when it runs on this machine; empty by default} */
  default Optional<Path> logFile() {
    return Optional.empty();
  }

  /** {@return whether this server runs on this machine, started by the testkit; false by default} */
  default boolean isEmbedded() {
    return false;
  }

  /**
   * A JDBC URL for this server and database (no credentials in it).
   *
   * @param database the database to connect to
   * @return {@code jdbc:postgresql://host:port/database}
   */
  default String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  /** Stops the server now if the testkit started it; does nothing otherwise. */
  @Override
  void close();
}
