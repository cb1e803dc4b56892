package io.pgmob.testkit;

/**
 * Builds test parameters of other types from a server, for example a connected {@code Cluster}.
 * Implementations are found with {@link java.util.ServiceLoader}. A result that is {@link
 * AutoCloseable} is closed after the test.
 */
public interface ParameterAdapter {

  /** Whether this adapter builds parameters of {@code type}. */
  boolean supports(Class<?> type);

  /** Builds a parameter of {@code type} for {@code server}. */
  Object adapt(PgServer server, Class<?> type);
}
