package io.pgmob.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for several servers on a {@code List<PgServer>} (or a list of an adapted type) parameter.
 * They are started in parallel for the test and stopped after it.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Servers {

  /** {@return how many servers} */
  int count();

  /** {@return major version; 0 means the matrix version or the default} */
  int version() default 0;

  /** {@return client authentication} */
  ServerSpec.Auth auth() default ServerSpec.Auth.SCRAM;

  /** {@return extra settings as {@code name=value}} */
  String[] settings() default {};
}
