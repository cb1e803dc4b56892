package io.pgmob.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that uses real PostgreSQL servers. Test methods (and constructors and
 * lifecycle methods) may then declare parameters of type {@link PgServer}, {@code List<PgServer>}
 * (with {@link Servers}), or any type a {@link ParameterAdapter} on the class path builds from a
 * server, such as a connected {@code io.pgmob.Cluster}.
 *
 * <p>By default a server is shared: one per {@link ServerSpec} for the whole test JVM, started on
 * first use. {@link Server#isolated()} gives a test its own server, stopped after it. When a test
 * fails, the log of every server it used is copied to {@code target/pgmob-testkit-logs} and its
 * tail printed.
 *
 * <pre>{@code
 * @PgTest
 * class RoleIntegrationTests {
 *   @Test
 *   void createsARole(Cluster cluster) { ... }
 *
 *   @PgMatrix
 *   void readsTheCatalogOnEveryMajor(@Server(settings = "wal_level=logical") Cluster cluster) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PgExtension.class)
public @interface PgTest {}
