package io.pgmob.testsupport;

import io.pgmob.Cluster;
import io.pgmob.session.ConnectionSpec;
import io.pgmob.testkit.ParameterAdapter;
import io.pgmob.testkit.PgServer;
import java.time.Duration;

/**
 * Lets {@code @PgTest} tests declare {@link Cluster} (connected as superuser, closed after the
 * test) and {@link ConnectionSpec} parameters.
 */
public final class ClusterParameterAdapter implements ParameterAdapter {

  @Override
  public boolean supports(Class<?> type) {
    return type == Cluster.class || type == ConnectionSpec.class;
  }

  @Override
  public Object adapt(PgServer server, Class<?> type) {
    if (type == ConnectionSpec.class) {
      return TestClusters.spec(server);
    }
    return TestClusters.connect(server);
  }

  @Override
  public void dispose(Object adapted) {
    if (adapted instanceof Cluster c) {
      c.close().block(Duration.ofSeconds(10));
    }
  }
}
