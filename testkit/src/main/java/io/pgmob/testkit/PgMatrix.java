package io.pgmob.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per PostgreSQL major version. The versions come from {@link #versions()}, else
 * the system property {@code pgmob.test.versions} (for example {@code 15,16}), else 13 to 18.
 * Server parameters without an explicit version get the invocation's version.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(PgExtension.class)
public @interface PgMatrix {

  /** {@return the majors to run; empty means the configured matrix} */
  int[] versions() default {};
}
