package io.pgmob.fleet.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgmob.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A token printed by a command, kept until shortly before it expires: see {@link
 * Credentials#exec(List)} for the output it reads. Runs the command (no shell) at most once at a
 * time; its output and error stream never reach a message.
 */
final class ExecCredentials extends Credentials {

  /** A token is fetched anew this long before it expires, so a connect never sends a stale one. */
  static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(10);
  private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> command;
  private final Clock clock;
  private @Nullable String token;
  private @Nullable Instant expiresAt;
  private boolean cached;

  ExecCredentials(List<String> command, Clock clock) {
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new InvalidInputException("exec: needs a command");
    }
    this.command = List.copyOf(command);
    this.clock = clock;
  }

  @Override
  public synchronized CharSequence get() {
    Instant now = clock.instant();
    if (cached && (expiresAt == null || now.isBefore(expiresAt.minus(REFRESH_BEFORE_EXPIRY)))) {
      return token;
    }
    String out = run();
    read(out);
    cached = true;
    return token;
  }

  private String run() {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new InvalidInputException(reference() + ": cannot run the command (" + e.getClass().getSimpleName() + ")");
    }
    CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try {
      if (!p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new InvalidInputException(reference() + ": the command did not finish within " + RUN_LIMIT.toSeconds()
            + " s");
      }
      byte[] out = stdout.get(5, TimeUnit.SECONDS);
      int errBytes = stderr.get(5, TimeUnit.SECONDS).length;
      if (p.exitValue() != 0) {
        // stderr may hold what the command knows of the secret: its size only
        throw new InvalidInputException(reference() + ": the command exited with " + p.exitValue()
            + (errBytes > 0 ? " (" + errBytes + " bytes on its error stream, not shown)" : ""));
      }
      return new String(out, StandardCharsets.UTF_8).strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new InvalidInputException(reference() + ": interrupted while the command ran");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new InvalidInputException(reference() + ": cannot read the command's output");
    }
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private void read(String out) {
    if (out.isEmpty()) {
      throw new InvalidInputException(reference() + ": the command printed nothing");
    }
    if (!out.startsWith("{")) {
      token = out;
      expiresAt = null;
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(out);
    } catch (IOException e) {
      // the message of the parser would quote the output: say where only
      throw new InvalidInputException(reference() + ": the command's output starts like JSON but is not valid JSON");
    }
    JsonNode node = root.has("status") && root.get("status").isObject() ? root.get("status") : root;
    JsonNode t = node.has("token") ? node.get("token") : node.get("password");
    if (t == null || !t.isTextual() || t.asText().isEmpty()) {
      throw new InvalidInputException(reference() + ": the command's JSON has no \"token\" (or \"password\") string");
    }
    JsonNode e = node.has("expiresAt") ? node.get("expiresAt") : node.get("expirationTimestamp");
    Instant expiry = null;
    if (e != null && !e.isNull()) {
      try {
        expiry = Instant.parse(e.asText());
      } catch (DateTimeParseException bad) {
        throw new InvalidInputException(reference() + ": the command's expiresAt '" + e.asText()
            + "' is not an ISO-8601 instant like 2027-01-01T00:00:00Z");
      }
    }
    token = t.asText();
    expiresAt = expiry;
  }

  @Override
  public String reference() {
    return "exec:" + String.join(" ", command);
  }
}
