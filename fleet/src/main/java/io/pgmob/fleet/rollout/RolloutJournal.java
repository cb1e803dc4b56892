package io.pgmob.fleet.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.ClusterResult;
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
 * {"type":"execution","rollout":"r1","ts":"...","operation":"...","total":120}
 * {"type":"started","rollout":"r1","cluster":"eu-1","wave":0,"ts":"..."}
 * {"type":"finished","rollout":"r1","cluster":"eu-1","wave":0,"outcome":"SUCCEEDED","attempts":1,"elapsedMs":42,"ts":"..."}
 * {"type":"finished",...,"outcome":"FAILED","sqlState":"42501","message":"permission denied ..."}
 * {"type":"halted","rollout":"r1","message":"...","ts":"..."}   {"type":"completed",...}
 * </pre>
 * A torn last line (the process died while writing it) is ignored when read and cut off before
 * the next append. Writes run on {@link Schedulers#boundedElastic()}, never on an event loop.
 */
public final class RolloutJournal implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final String rollout;
  private final FileChannel channel;

  /**
   * What a journal says.
   *
   * @param rollout the rollout it belongs to (null for an empty journal)
   * @param done clusters whose last record is a successful finish (succeeded or unchanged)
   * @param interrupted clusters whose last record is "started": in flight when a run died
   * @param lastOutcome each finished cluster's last outcome
   * @param executions how many executions (starts or resumes) it records
   * @param lastEvent the last rollout-level record type ({@code execution}, {@code halted},
   *     {@code completed}) or null
   * @param tornTail whether the last line was incomplete
   */
  public record State(@Nullable String rollout, Set<String> done, Set<String> interrupted,
      Map<String, Outcome> lastOutcome, int executions, @Nullable String lastEvent, boolean tornTail) {
    public State {
      done = Set.copyOf(done);
      interrupted = Set.copyOf(interrupted);
      lastOutcome = Map.copyOf(lastOutcome);
    }
  }

  private RolloutJournal(Path path, String rollout, FileChannel channel) {
    this.path = path;
    this.rollout = rollout;
    this.channel = channel;
  }

  /**
   * Reads a journal (a missing file is an empty journal).
   *
   * @throws InvalidInputException when a line other than the last is not a journal record
   */
  public static State read(Path path) {
    if (!Files.exists(path)) {
      return new State(null, Set.of(), Set.of(), Map.of(), 0, null, false);
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
    Map<String, String> last = new LinkedHashMap<>();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    int executions = 0;
    String lastEvent = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      boolean lastLine = i == lines.length - 1;
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        if (lastLine && torn) {
          break;
        }
        throw new InvalidInputException("journal " + path + " line " + (i + 1) + " is not a journal record");
      }
      if (lastLine && torn) {
        // complete JSON but no newline: the write may still have been cut; trust it only if whole
        torn = false;
      }
      String type = n.path("type").asText();
      String r = n.path("rollout").asText(null);
      if (rollout == null) {
        rollout = r;
      }
      String cluster = n.path("cluster").asText(null);
      switch (type) {
        case "execution" -> {
          executions++;
          lastEvent = type;
        }
        case "halted", "completed" -> lastEvent = type;
        case "started" -> {
          if (cluster != null) {
            last.put(cluster, "started");
          }
        }
        case "finished" -> {
          if (cluster != null) {
            last.put(cluster, "finished");
            outcomes.put(cluster, Outcome.valueOf(n.path("outcome").asText("FAILED")));
          }
        }
        default -> { }
      }
    }
    Set<String> done = new LinkedHashSet<>();
    Set<String> interrupted = new LinkedHashSet<>();
    last.forEach((c, t) -> {
      if (t.equals("started")) {
        interrupted.add(c);
      } else if (outcomes.get(c).isSuccess()) {
        done.add(c);
      }
    });
    return new State(rollout, done, interrupted, outcomes, executions, lastEvent, torn);
  }

  /**
   * Opens {@code path} for appending records of {@code rollout}, cutting off a torn last line.
   *
   * @throws InvalidInputException when the journal belongs to another rollout
   */
  public static RolloutJournal open(Path path, String rollout) {
    State s = read(path);
    if (s.rollout() != null && !s.rollout().equals(rollout)) {
      throw new InvalidInputException("journal " + path + " belongs to rollout '" + s.rollout()
          + "', not '" + rollout + "'");
    }
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
          ch.force(true);
        }
      }
      ch.position(ch.size());
      return new RolloutJournal(path, rollout, ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + path, e);
    }
  }

  /** The journal file. */
  public Path path() {
    return path;
  }

  /** Records the start (or resume) of an execution. */
  public Mono<Void> execution(String operation, int total, boolean resumed) {
    ObjectNode n = record("execution");
    n.put("operation", operation);
    n.put("total", total);
    n.put("resumed", resumed);
    return append(n);
  }

  /** Records that a cluster is about to be worked on. */
  public Mono<Void> started(String cluster, int wave) {
    ObjectNode n = record("started");
    n.put("cluster", cluster);
    n.put("wave", wave);
    return append(n);
  }

  /** Records a cluster's outcome. */
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
    return append(n);
  }

  /** Records that the rollout halted. */
  public Mono<Void> halted(String reason) {
    ObjectNode n = record("halted");
    n.put("message", reason);
    return append(n);
  }

  /** Records that every wave ran. */
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
    return Mono.<Void>fromRunnable(() -> write(n)).subscribeOn(Schedulers.boundedElastic());
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

  /** The entries as a list of JSON strings (for tools and tests). */
  public static List<String> lines(Path path) {
    try {
      return Files.exists(path) ? new ArrayList<>(Files.readAllLines(path)) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
