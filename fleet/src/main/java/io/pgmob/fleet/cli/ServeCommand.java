package io.pgmob.fleet.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.inventory.Inventory;
import io.pgmob.fleet.ProgressListener;
import io.pgmob.fleet.http.ControlPlane;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pgmob fleet serve}: the HTTP control plane over the inventory. */
@Command(name = "serve", mixinStandardHelpOptions = true, header = "Start the HTTP control plane: rollouts API, live page, metrics.", sortOptions = false,
    description = {"Start the HTTP control plane: start, follow (server-sent events), approve and cancel rollouts;",
        "a live page of the fleet at /; Prometheus metrics at /metrics. Runs until stopped (Ctrl-C).", "",
        "Every API call needs 'Authorization: Bearer <token>' (the token from --token-env or --token-file).",
        "Without a token it only listens on a loopback address.", "",
        "Endpoints: POST /api/rollouts (start), GET /api/rollouts, GET /api/rollouts/ID (per-cluster outcomes),",
        "  GET /api/rollouts/ID/events (server-sent events), POST /api/rollouts/ID/approve | reject | cancel,",
        "  GET /api/fleet, GET /api/events (all rollouts, live), GET /metrics (Prometheus), GET / (live page).",
        "Operations: sql, rotate-password, ensure-role, grant, hba-add, hba-remove, backup; passwords only by",
        "  reference (\"passwordRef\": \"env:NAME\" or \"file:/path\", read by the server). Errors are JSON problems.", "",
        "Examples:",
        "  PGMOB_TOKEN=$(openssl rand -hex 24) pgmob fleet serve -i fleet.yaml --bind 0.0.0.0 --port 8080",
        "  curl -H \"Authorization: Bearer $PGMOB_TOKEN\" -H 'Content-Type: application/json' \\",
        "       -d '{\"selector\":\"env=prod\",",
        "       \"operation\":{\"type\":\"sql\",\"sql\":\"ANALYZE\"},\"policy\":{\"canary\":1,\"approval\":true}}' \\",
        "       http://localhost:8080/api/rollouts",
        "  open http://localhost:8080/?token=$PGMOB_TOKEN"},
    footer = ExitCodes.HELP)
final class ServeCommand extends FleetSubcommand {

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port (0 = any free). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--token-env", paramLabel = "VAR", defaultValue = "PGMOB_TOKEN",
      description = "Environment variable with the bearer token. Default: ${DEFAULT-VALUE}.")
  String tokenEnv;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File whose first line is the bearer token.")
  @Nullable Path tokenFile;

  @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "65536",
      description = "Largest request body accepted. Default: ${DEFAULT-VALUE}.")
  int maxBody;

  @Option(names = "--journal-dir", paramLabel = "DIR",
      description = "Journal each rollout to DIR/<name>.journal; a rollout started again with the same name resumes.")
  @Nullable Path journalDir;

  @Override
  public Integer call() throws InterruptedException {
    CliEnvironment env = env();
    if (port < 0 || port > 65535) {
      throw new PgmobCommand.UsageException("--port must be 0 (any free port) to 65535, got " + port);
    }
    if (maxBody < 1) {
      throw new PgmobCommand.UsageException("--max-body must be at least 1 byte, got " + maxBody);
    }
    String token = tokenFile != null ? secret(null, tokenFile, "token") : env.env().apply(tokenEnv);
    Inventory inventory = common.inventory(env);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Fleet fleet = Fleet.create(inventory, common.fleetOptions(ProgressListener.none(), registry));
    ControlPlane plane = ControlPlane.builder(fleet).host(bind).port(port).token(token).maxBodyBytes(maxBody)
        .prometheus(registry).journalDirectory(journalDir).build();
    await(plane.start().toFuture());
    env.err().println("pgmob control plane listening on " + plane.url() + " (" + inventory.size() + " clusters"
        + (token == null || token.isEmpty() ? ", no token: loopback only" : ", bearer token required") + ")");
    env.err().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      plane.close().toFuture().join();
      stopped.countDown();
    }, "pgmob-serve-stop"));
    stopped.await();
    return ExitCodes.OK;
  }
}
