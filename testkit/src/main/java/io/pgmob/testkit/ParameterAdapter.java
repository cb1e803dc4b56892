package io.pgmob.testkit;

/**
 * Builds test parameters of other types from a server, for example a connected {@code Cluster}.
 * Implementations are found with {@link java.util.ServiceLoader}. After the test (or test class,
 * for constructor parameters) {@link #dispose(Object)} is called with each object built.
 */
public interface ParameterAdapter {

  /** Whether this adapter builds parameters of {@code type}. */
  boolean supports(Class<?> type);

  /** Builds a parameter of {@code type} for {@code server}. */
  Object adapt(PgServer server, Class<?> type);

  /** Releases an object this adapter built; by default closes it if it is {@link AutoCloseable}. */
  default void dispose(Object adapted) throws Exception {
    if (adapted instanceof AutoCloseable c) {
      c.close();
    }
  }
}
