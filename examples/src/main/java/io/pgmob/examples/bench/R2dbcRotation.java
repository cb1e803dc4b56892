package io.pgmob.examples.bench;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A plain r2dbc-postgresql program (driver defaults), a baseline of the whole-process benchmark.
 * Not product code: what one writes with the driver alone. {@code rotate TARGETS IN_FLIGHT}: per
 * target connect, send the rotation ({@link Baseline#rotationSql}) in one simple query, close;
 * {@code IN_FLIGHT} targets at a time.
 */
public final class R2dbcRotation {

  private R2dbcRotation() {}

  /**
   * Runs the rotation (see the class comment).
   *
   * @param args {@code rotate TARGETS IN_FLIGHT}
   * @throws Exception when the targets file cannot be read
   */
  public static void main(String[] args) throws Exception {
    List<Baseline.Target> targets = Baseline.read(Path.of(args[1]));
    String adminPassword = Baseline.env(Baseline.ADMIN_PASSWORD_ENV);
    String newPassword = Baseline.env(Baseline.NEW_PASSWORD_ENV);
    int inFlight = Integer.parseInt(args[2]);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Flux.range(0, targets.size())
        .flatMap(i -> {
          Baseline.Target t = targets.get(i);
          PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
              .host(t.host()).port(t.port()).database(t.database()).username(t.user()).password(adminPassword)
              .sslMode(SSLMode.DISABLE).build());
          return Mono.usingWhen(factory.create(),
                  c -> Mono.defer(() -> Flux.from(c.createStatement(Baseline.rotationSql(t, Baseline.scramVerifier(newPassword)))
                      .execute()).flatMap(r -> r.getRowsUpdated()).then()),
                  c -> c.close())
              .onErrorResume(e -> {
                failures.add("target " + i + ": " + e);
                return Mono.empty();
              });
        }, inFlight)
        .blockLast();
    VertxRotation.finish(targets.size(), List.copyOf(failures));
  }
}
