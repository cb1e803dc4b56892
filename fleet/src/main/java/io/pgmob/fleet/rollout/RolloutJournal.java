package io.pgmob.fleet.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Failures;
import io.pgmob.fleet.OperationIdentity;
import io.pgmob.fleet.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A rollout's durable journal: an append-only file of JSON lines, forced to disk after every
 * record, so that a rollout killed at any moment can resume. Records:
 * <pre>
 * {"type":"journal","rollout":"r1","version":2,"operation":"...","salt":"...","fingerprint":"...","ts":"..."}
 * {"type":"execution","rollout":"r1","ts":"...","operation":"...","total":120}
 * {"type":"started","rollout":"r1","cluster":"eu-1","wave":0,"ts":"..."}
 * {"type":"finished","rollout":"r1","cluster":"eu-1","wave":0,"outcome":"SUCCEEDED","attempts":1,"elapsedMs":42,"ts":"..."}
 * {"type":"finished",...,"outcome":"FAILED","sqlState":"42501","message":"permission denied ..."}
 * {"type":"finished",...,"outcome":"FAILED","effectUnknown":true,...}
 * {"type":"cancelled","rollout":"r1","cluster":"eu-2","wave":0,"ts":"..."}
 * {"type":"halted","rollout":"r1","message":"...","ts":"..."}   {"type":"completed",...}
 * </pre>
 *
 * <p><b>Binding:</b> the first record (the header) binds the journal to one operation: its
 * description in clear, a random salt and the {@link OperationIdentity#fingerprint(byte[])} of
 * the operation and its inputs under that salt (secrets enter it only as salted digests). {@link
 * #open} refuses a journal written by another operation, naming both, unless asked to start a new
 * one; the old file is then kept beside it.
 *
 * <p><b>What a cluster needs next</b> comes from its last record: a successful finish is done; a
 * {@code started} (the run died), a {@code cancelled} (the run was cancelled) or a finish whose
 * effect was unknown means it may have taken effect, so it is reconciled before anything is
 * applied again, however many executions in between did not reach it.
 *
 * <p><b>Torn writes:</b> a record counts once it is complete JSON; its newline ends it. A last
 * line cut inside the record is ignored when read and cut off by {@link #open}; a complete record
 * whose newline is missing is counted when read and given its newline by {@link #open}, so that
 * {@code read} and {@code open} always agree. Writes run on {@link Schedulers#boundedElastic()},
 * never on an event loop.
 */
public final class RolloutJournal implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 2;
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Path path;
  private final String rollout;
  private final FileChannel channel;
  private final State state;

  /**
   * The header: what operation the journal belongs to.
   *
   * @param operation the operation's description, in clear
   * @param salt the salt of the fingerprint (base64)
   * @param fingerprint the operation's fingerprint under {@code salt}
   */
  public record Header(String operation, String salt, String fingerprint) {}

  /**
   * What a journal says.
   *
   * @param rollout the rollout it belongs to (null for an empty journal)
   * @param done clusters whose last record is a successful finish (succeeded or unchanged)
   * @param interrupted clusters that may have taken effect without a known outcome, to reconcile
   *     before anything else: the last record is "started" (a run died), "cancelled", or a finish
   *     whose effect was unknown
   * @param lastOutcome each finished cluster's last outcome
   * @param executions how many executions (starts or resumes) it records
   * @param lastEvent the last rollout-level record type ({@code execution}, {@code halted},
   *     {@code completed}) or null
   * @param tornTail whether the last line was cut inside a record (it is ignored)
   * @param header the header, or null (an empty journal, or one written before journals had one)
   */
  public record State(@Nullable String rollout, Set<String> done, Set<String> interrupted,
      Map<String, Outcome> lastOutcome, int executions, @Nullable String lastEvent, boolean tornTail,
      @Nullable Header header) {
    /**
     * Keeps unmodifiable copies of the sets and the map.
     *
     * @param rollout the rollout it belongs to (null for an empty journal)
     * @param done clusters whose last record is a successful finish (succeeded or unchanged)
     * @param interrupted clusters that may have taken effect without a known outcome, to reconcile before anything else: the last record is "started" (a run died), "cancelled", or a finish whose effect was unknown
     * @param lastOutcome each finished cluster's last outcome
     * @param executions how many executions (starts or resumes) it records
     * @param lastEvent the last rollout-level record type ({@code execution}, {@code halted}, {@code completed}) or null
     * @param tornTail whether the last line was cut inside a record (it is ignored)
     * @param header the header, or null (an empty journal, or one written before journals had one)
     */
    public State {
      done = Set.copyOf(done);
      interrupted = Set.copyOf(interrupted);
      lastOutcome = Map.copyOf(lastOutcome);
    }

    /** {@return the state of an empty (or no) journal} */
    public static State empty() {
      return new State(null, Set.of(), Set.of(), Map.of(), 0, null, false, null);
    }
  }

  private RolloutJournal(Path path, String rollout, FileChannel channel, State state) {
    this.path = path;
    this.rollout = rollout;
    this.channel = channel;
    this.state = state;
  }

  /**
   * Reads a journal (a missing file is an empty journal).
   *
   * @param path the journal file
   * @return what the journal records: the rollout, the clusters done and in flight, the
   *     executions
   * @throws InvalidInputException when a line other than the last is not a journal record
   */
  public static State read(Path path) {
    if (!Files.exists(path)) {
      return State.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journal " + path, e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean torn = !text.isEmpty() && !text.endsWith("\n");
    String[] lines = text.split("\n");
    String rollout = null;
    Header header = null;
    Map<String, String> last = new LinkedHashMap<>();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    int executions = 0;
    String lastEvent = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      boolean lastLine = i == lines.length - 1;
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(line);
        if (n == null || !n.isObject()) {
          throw new JsonProcessingException("not an object") { };
        }
      } catch (JsonProcessingException e) {
        if (lastLine && torn) {
          break;
        }
        throw new InvalidInputException("journal " + path + " line " + (i + 1) + " is not a journal record");
      }
      if (lastLine && torn) {
        // complete JSON without its newline: the record is whole (only its final '}' makes it
        // parse), so it counts; open() adds the newline rather than cutting it
        torn = false;
      }
      String type = n.path("type").asText();
      String r = n.path("rollout").asText(null);
      if (rollout == null) {
        rollout = r;
      }
      String cluster = n.path("cluster").asText(null);
      switch (type) {
        case "journal" -> {
          if (header == null) {
            header = new Header(n.path("operation").asText(""), n.path("salt").asText(""),
                n.path("fingerprint").asText(""));
          }
        }
        case "execution" -> {
          executions++;
          lastEvent = type;
        }
        case "halted", "completed" -> lastEvent = type;
        case "started", "cancelled" -> {
          if (cluster != null) {
            last.put(cluster, type);
          }
        }
        case "finished" -> {
          if (cluster != null) {
            last.put(cluster, n.path("effectUnknown").asBoolean(false) ? "unknown" : "finished");
            outcomes.put(cluster, Outcome.valueOf(n.path("outcome").asText("FAILED")));
          }
        }
        default -> { }
      }
    }
    Set<String> done = new LinkedHashSet<>();
    Set<String> interrupted = new LinkedHashSet<>();
    last.forEach((c, t) -> {
      if (!t.equals("finished")) {
        interrupted.add(c);
      } else if (outcomes.get(c).isSuccess()) {
        done.add(c);
      }
    });
    return new State(rollout, done, interrupted, outcomes, executions, lastEvent, torn, header);
  }

  /**
   * Checks, without writing anything, that the journal at {@code path} (if there is one) may be
   * resumed by {@code rollout} running the operation {@code identity}: what {@link #open} checks
   * before it appends, so a service can refuse a request before it starts a run.
   *
   * @throws InvalidInputException as {@link #open} does (another rollout, another operation or
   *     other inputs, no header)
   */
  public static void checkResumable(Path path, String rollout, OperationIdentity identity) {
    java.util.Objects.requireNonNull(identity, "identity");
    verify(path, read(path), rollout, identity);
  }

  private static void verify(Path path, State s, String rollout, OperationIdentity identity) {
    if (s.rollout() != null && !s.rollout().equals(rollout)) {
      throw new InvalidInputException("journal " + path + " belongs to rollout '" + s.rollout()
          + "', not '" + rollout + "'; " + NEW_JOURNAL_HINT);
    }
    if (s.rollout() != null) {
      Header h = s.header();
      if (h == null) {
        throw new InvalidInputException("journal " + path + " has no operation fingerprint (it was written by an older"
            + " version), so it cannot show that it belongs to \"" + identity.description() + "\"; " + NEW_JOURNAL_HINT);
      }
      byte[] salt;
      try {
        salt = java.util.Base64.getDecoder().decode(h.salt());
      } catch (IllegalArgumentException e) {
        salt = new byte[0];
      }
      if (salt.length < 16 || !java.security.MessageDigest.isEqual(
          identity.fingerprint(salt).getBytes(StandardCharsets.US_ASCII), h.fingerprint().getBytes(StandardCharsets.US_ASCII))) {
        boolean sameText = h.operation().equals(identity.description());
        throw new InvalidInputException("journal " + path + " was written by another operation: it records \""
            + h.operation() + "\", this run is \"" + identity.description() + "\""
            + (sameText ? " with different inputs (for example another password)" : "")
            + "; resuming it would take its finished clusters as done by this operation. " + NEW_JOURNAL_HINT);
      }
    }
  }

  /**
   * Opens {@code path} for appending records of {@code rollout} by the operation {@code identity}:
   * a new or empty file gets a header binding it to that operation; an existing journal must have
   * been written by the same rollout and operation. A torn last line is cut off (a complete last
   * record missing its newline gets it).
   *
   * @param path the journal file; created with its directories when missing
   * @param rollout the rollout's name
   * @param identity the operation, bound to the journal by a salted fingerprint
   * @param fresh start a new journal even if one exists: the existing file is moved aside to
   *     {@code <file>.replaced-<UTC time>} (kept for the record), and every cluster runs again
   * @return the journal, open for appending
   * @throws InvalidInputException when the journal belongs to another rollout or another
   *     operation (naming both), or has no header to tell
   */
  public static RolloutJournal open(Path path, String rollout, OperationIdentity identity, boolean fresh) {
    java.util.Objects.requireNonNull(identity, "identity");
    State s = read(path);
    if (fresh && s.rollout() != null) {
      moveAside(path);
      s = State.empty();
    }
    verify(path, s, rollout, identity);
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.READ);
      long size = ch.size();
      if (size > 0) {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        if (one.get(0) != '\n') {
          if (s.tornTail() || s.rollout() == null) {
            // cut the torn line: find the last newline
            long keep = 0;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, 1 << 20));
            long from = Math.max(0, size - buf.capacity());
            ch.read(buf, from);
            for (int i = buf.position() - 1; i >= 0; i--) {
              if (buf.get(i) == '\n') {
                keep = from + i + 1;
                break;
              }
            }
            ch.truncate(keep);
          } else {
            // a whole record that lacks its newline: read() counted it, so keep it and end it
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
          }
          ch.force(true);
        }
      }
      ch.position(ch.size());
      RolloutJournal journal = new RolloutJournal(path, rollout, ch, s);
      if (s.rollout() == null) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        ObjectNode h = journal.record("journal");
        h.put("version", VERSION);
        h.put("operation", identity.description());
        h.put("salt", java.util.Base64.getEncoder().encodeToString(salt));
        h.put("fingerprint", identity.fingerprint(salt));
        journal.write(h);
      }
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + path, e);
    }
  }

  private static final String NEW_JOURNAL_HINT = "start a new journal (pgmob: --new-journal, which keeps the old file"
      + " as <journal>.replaced-<time>; library: Rollout.Builder.newJournal(true)) or give another journal file";

  private static void moveAside(Path path) {
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
    Path target = path.resolveSibling(path.getFileName() + ".replaced-" + stamp);
    for (int i = 2; Files.exists(target); i++) {
      target = path.resolveSibling(path.getFileName() + ".replaced-" + stamp + "-" + i);
    }
    try {
      Files.move(path, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move journal " + path + " aside to " + target, e);
    }
  }

  /** {@return what the journal said when it was opened (after a new journal was started, if asked)} */
  public State state() {
    return state;
  }

  /** {@return the journal file} */
  public Path path() {
    return path;
  }

  /**
   * Records the start (or resume) of an execution.
   *
   * @param operation the operation's description
   * @param total clusters selected
   * @param resumed whether the journal already held records of this rollout
   * @return completes when the record is on disk
   */
  public Mono<Void> execution(String operation, int total, boolean resumed) {
    ObjectNode n = record("execution");
    n.put("operation", operation);
    n.put("total", total);
    n.put("resumed", resumed);
    return append(n);
  }

  /**
   * Records that a cluster is about to be worked on.
   *
   * @param cluster the cluster's name
   * @param wave its wave
   * @return completes when the record is on disk
   */
  public Mono<Void> started(String cluster, int wave) {
    ObjectNode n = record("started");
    n.put("cluster", cluster);
    n.put("wave", wave);
    return append(n);
  }

  /**
   * Records a cluster's outcome.
   *
   * @param r the cluster's result
   * @param wave its wave
   * @return completes when the record is on disk
   */
  public Mono<Void> finished(ClusterResult<?> r, int wave) {
    ObjectNode n = record("finished");
    n.put("cluster", r.name());
    n.put("wave", wave);
    n.put("outcome", r.outcome().name());
    n.put("attempts", r.attempts());
    n.put("elapsedMs", r.timings().elapsed().toMillis());
    if (r.sqlState() != null) {
      n.put("sqlState", r.sqlState());
    }
    if (r.message() != null) {
      n.put("message", r.message());
    }
    if (r.error() instanceof Failures.EffectUnknownException) {
      // it may have taken effect: the next execution reconciles it before anything else
      n.put("effectUnknown", true);
    }
    return append(n);
  }

  /**
   * Records that a cluster in flight was cancelled (the run was cancelled): whether it took effect
   * is unknown, so the next execution reconciles it first. Written at once, on the calling thread
   * (cancellation must be on disk before the process exits).
   *
   * @param cluster the cluster's name
   * @param wave its wave
   */
  public void cancelled(String cluster, int wave) {
    ObjectNode n = record("cancelled");
    n.put("cluster", cluster);
    n.put("wave", wave);
    write(n);
  }

  /**
   * Records that the rollout halted.
   *
   * @param reason why, as the rollout reports it
   * @return completes when the record is on disk
   */
  public Mono<Void> halted(String reason) {
    ObjectNode n = record("halted");
    n.put("message", reason);
    return append(n);
  }

  /**
   * Records that every wave ran.
   *
   * @return completes when the record is on disk
   */
  public Mono<Void> completed() {
    return append(record("completed"));
  }

  private ObjectNode record(String type) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", type);
    n.put("rollout", rollout);
    n.put("ts", Instant.now().toString());
    return n;
  }

  private Mono<Void> append(ObjectNode n) {
    // a write, once scheduled, runs to its end even if the subscriber cancels: cancelling a
    // subscribeOn task interrupts its thread, and an interrupt closes a FileChannel (every later
    // record, including the "cancelled" ones of that very cancellation, would be lost)
    return Mono.create(sink -> Schedulers.boundedElastic().schedule(() -> {
      try {
        write(n);
        sink.success();
      } catch (RuntimeException e) {
        sink.error(e);
      }
    }));
  }

  private synchronized void write(ObjectNode n) {
    try {
      ByteBuffer b = ByteBuffer.wrap((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        channel.write(b);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write journal " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do: every record was forced already
    }
  }

  /**
   * The entries as a list of JSON strings (for tools and tests).
   *
   * @param path the journal file
   * @return one JSON string per record, in order
   */
  public static List<String> lines(Path path) {
    try {
      return Files.exists(path) ? new ArrayList<>(Files.readAllLines(path)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
