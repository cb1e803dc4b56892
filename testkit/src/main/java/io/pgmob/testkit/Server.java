package io.pgmob.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Says what server a parameter needs. Without it: the default spec, shared. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Server {

  /** {@return major version; 0 means the {@link PgMatrix} invocation's version, or {@link ServerSpec#DEFAULT_VERSION}} */
  int version() default 0;

  /** {@return client authentication} */
  ServerSpec.Auth auth() default ServerSpec.Auth.SCRAM;

  /** {@return extra settings as {@code name=value}} */
  String[] settings() default {};

  /** {@return a server of the test's own, stopped after the test, instead of a shared one} */
  boolean isolated() default false;
}
