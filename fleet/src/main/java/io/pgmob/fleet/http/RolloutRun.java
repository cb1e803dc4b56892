package io.pgmob.fleet.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.ops.FleetJson;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.rollout.RolloutReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One rollout started through the control plane: its state, every event (for replay to late
 * followers), the latest outcome of each cluster, its followers, and a pending approval. All
 * methods synchronize on the run; events arrive on engine threads.
 */
final class RolloutRun {

  /** Where the rollout stands. */
  enum State {
    RUNNING, PAUSED, AWAITING_APPROVAL, COMPLETED, HALTED, CANCELLED, FAILED;

    boolean terminal() {
      return this == COMPLETED || this == HALTED || this == CANCELLED || this == FAILED;
    }

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  final String id;
  final String name;
  final String selector;
  final String operation;
  final ObjectNode policy;
  final Instant created = Instant.now();
  private final Consumer<ObjectNode> global;
  private final List<ObjectNode> events = new ArrayList<>();
  private final Map<String, ObjectNode> clusters = new LinkedHashMap<>();
  private final List<SseStream> followers = new ArrayList<>();
  private State state = State.RUNNING;
  private @Nullable Instant finished;
  private @Nullable Disposable subscription;
  private boolean cancelRequested;
  private Sinks.@Nullable One<Boolean> approval;
  private int awaitingWave = -1;
  private int wave = -1;
  private @Nullable ObjectNode report;
  private @Nullable String error;

  RolloutRun(String id, String name, String selector, String operation, ObjectNode policy, List<Target> targets,
      Consumer<ObjectNode> global) {
    this.id = id;
    this.name = name;
    this.selector = selector;
    this.operation = operation;
    this.policy = policy;
    this.global = global;
    for (Target t : targets) {
      clusters.put(t.name(), FleetJson.object().put("cluster", t.name()).put("outcome", "pending"));
    }
  }

  synchronized void subscription(Disposable d) {
    if (cancelRequested) {
      d.dispose();
    }
    this.subscription = d;
  }

  synchronized State state() {
    return state;
  }

  // ---- from the rollout

  void onEvent(RolloutEvent e) {
    ObjectNode json = FleetJson.event(e);
    synchronized (this) {
      if (state.terminal()) {
        return;
      }
      if (e instanceof RolloutEvent.WaveStarted w) {
        wave = w.wave();
        state = State.RUNNING;
        for (String c : w.clusters()) {
          ObjectNode cl = clusters.get(c);
          if (cl != null) {
            cl.put("outcome", "running").put("wave", w.wave());
          }
        }
      } else if (e instanceof RolloutEvent.ClusterFinished c) {
        ObjectNode r = FleetJson.result(c.result()).put("wave", c.wave());
        clusters.put(c.result().name(), r);
      } else if (e instanceof RolloutEvent.Paused) {
        state = State.PAUSED;
      } else if (e instanceof RolloutEvent.AwaitingApproval a) {
        state = State.AWAITING_APPROVAL;
        awaitingWave = a.nextWave();
      } else if (e instanceof RolloutEvent.Started s) {
        for (String done : s.alreadyDone()) {
          ObjectNode cl = clusters.get(done);
          if (cl != null) {
            cl.put("outcome", "done-before");
          }
        }
      } else if (e instanceof RolloutEvent.Finished f) {
        RolloutReport rep = f.report();
        report = FleetJson.report(rep, false);
        state = rep.status() == RolloutReport.Status.HALTED ? State.HALTED : State.COMPLETED;
        finished = Instant.now();
        for (String n : rep.notStarted()) {
          ObjectNode cl = clusters.get(n);
          if (cl != null && "pending".equals(cl.path("outcome").asText())) {
            cl.put("outcome", "not-started");
          }
        }
      }
      publish(json);
      if (state.terminal()) {
        endFollowers();
      }
    }
  }

  void onError(Throwable t) {
    synchronized (this) {
      if (state.terminal()) {
        return;
      }
      state = State.FAILED;
      error = String.valueOf(t.getMessage());
      finished = Instant.now();
      publish(FleetJson.object().put("type", "Failed").put("rollout", name).put("error", error));
      endFollowers();
    }
  }

  // ---- from operators

  /** The approval gate: waits until {@link #approve} is called for {@code next}. */
  synchronized Mono<Boolean> awaitApproval(int next) {
    Sinks.One<Boolean> sink = Sinks.one();
    approval = sink;
    awaitingWave = next;
    return sink.asMono();
  }

  /** Answers a pending approval; false when none is pending. */
  boolean approve(boolean go) {
    Sinks.One<Boolean> sink;
    synchronized (this) {
      if (state != State.AWAITING_APPROVAL || approval == null) {
        return false;
      }
      sink = approval;
      approval = null;
      state = State.RUNNING;
      publish(FleetJson.object().put("type", go ? "Approved" : "Rejected").put("rollout", name)
          .put("nextWave", awaitingWave));
    }
    sink.tryEmitValue(go);
    return true;
  }

  /** Cancels the rollout (statements in flight are cancelled on the servers); false when already over. */
  boolean cancel() {
    Disposable d;
    synchronized (this) {
      if (state.terminal()) {
        return false;
      }
      cancelRequested = true;
      state = State.CANCELLED;
      finished = Instant.now();
      for (ObjectNode cl : clusters.values()) {
        String o = cl.path("outcome").asText();
        if ("pending".equals(o) || "running".equals(o)) {
          cl.put("outcome", "pending".equals(o) ? "not-started" : "cancelled");
        }
      }
      publish(FleetJson.object().put("type", "Cancelled").put("rollout", name));
      endFollowers();
      d = subscription;
    }
    if (d != null) {
      d.dispose();
    }
    return true;
  }

  // ---- followers

  /** Replays the events after {@code lastSeq} to {@code stream} and keeps it following (unless over). */
  synchronized void follow(SseStream stream, long lastSeq) {
    for (ObjectNode e : events) {
      long seq = e.path("seq").asLong();
      if (seq > lastSeq) {
        stream.send(String.valueOf(seq), e);
      }
    }
    if (state.terminal()) {
      stream.end();
      return;
    }
    followers.add(stream);
    stream.onClose(() -> {
      synchronized (RolloutRun.this) {
        followers.remove(stream);
      }
    });
  }

  private void publish(ObjectNode json) {
    long seq = events.size() + 1L;
    json.put("id", id).put("seq", seq).put("state", state.json());
    events.add(json);
    for (SseStream s : followers) {
      s.send(String.valueOf(seq), json);
    }
    global.accept(json);
  }

  private void endFollowers() {
    for (SseStream s : new ArrayList<>(followers)) {
      s.end();
    }
    followers.clear();
  }

  // ---- views

  /** A summary, and with {@code details} every cluster's outcome. */
  synchronized ObjectNode toJson(boolean details) {
    ObjectNode counts = FleetJson.object();
    for (ObjectNode cl : clusters.values()) {
      String o = cl.path("outcome").asText();
      counts.put(o, counts.path(o).asInt(0) + 1);
    }
    ObjectNode o = FleetJson.object().put("id", id).put("name", name).put("selector", selector)
        .put("operation", operation);
    o.set("policy", policy.deepCopy());
    o.put("state", state.json()).put("created", created.toString()).put("total", clusters.size()).put("wave", wave)
        .set("counts", counts);
    if (state == State.AWAITING_APPROVAL) {
      o.put("awaitingWave", awaitingWave);
    }
    if (finished != null) {
      o.put("finished", finished.toString());
    }
    if (error != null) {
      o.put("error", error);
    }
    if (details) {
      if (report != null) {
        o.set("report", report.deepCopy());
      }
      ArrayNode all = o.putArray("clusters");
      clusters.values().forEach(cl -> all.add(cl.deepCopy()));
    }
    return o;
  }

  /** The latest state of each cluster of this run. */
  synchronized List<ObjectNode> clusterStates() {
    return clusters.values().stream().map(ObjectNode::deepCopy).toList();
  }
}
