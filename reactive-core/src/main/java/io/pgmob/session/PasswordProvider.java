package io.pgmob.session;

import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Where a connection's password comes from, asked once per connect and asynchronously: a token
 * may come from a command, a secret store or a cloud API without blocking the caller's thread.
 * An empty Mono means "no password". A failure should be an {@link
 * io.pgmob.error.InvalidInputException} naming the reference (never the secret); connecting then
 * fails with it before any byte is sent to the server.
 *
 * <pre>{@code
 * ConnectionSpec.builder().host("db1").user("app")
 *     .passwordProvider(() -> vault.read("db1/app"))   // Mono<CharSequence>
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface PasswordProvider {

  /** {@return the password for this connect; empty for none} */
  Mono<CharSequence> password();

  /**
   * A provider over a synchronous supplier, asked on the subscribing thread.
   *
   * @param supplier the supplier
   * @return the provider
   */
  static PasswordProvider of(Supplier<? extends CharSequence> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return new PasswordProvider() {
      @Override
      public Mono<CharSequence> password() {
        return Mono.fromCallable(supplier::get);
      }

      @Override
      public String toString() {
        return "***";
      }
    };
  }
}
