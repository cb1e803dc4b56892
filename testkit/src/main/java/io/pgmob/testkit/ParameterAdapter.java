package io.pgmob.testkit;

/**
 * Builds test parameters of other types from a server, for example a connected {@code Cluster}.
 * Implementations are found with {@link java.util.ServiceLoader}. After the test (or test class,
 * for constructor parameters) {@link #dispose(Object)} is called with each object built.
 */
public interface ParameterAdapter {

  /**
   * Whether this adapter builds parameters of {@code type}.
   *
   * @param type the test method's parameter type
   * @return true when {@link #adapt} can build it
   */
  boolean supports(Class<?> type);

  /**
   * Builds a parameter of {@code type} for {@code server}.
   *
   * @param server the server the test runs against
   * @param type the parameter type, one {@link #supports} accepted
   * @return the parameter value
   */
  Object adapt(PgServer server, Class<?> type);

  /**
   * Releases an object this adapter built; by default closes it if it is {@link AutoCloseable}.
   *
   * @param adapted what {@link #adapt} returned
   * @throws Exception when releasing fails
   */
  default void dispose(Object adapted) throws Exception {
    if (adapted instanceof AutoCloseable c) {
      c.close();
    }
  }
}
