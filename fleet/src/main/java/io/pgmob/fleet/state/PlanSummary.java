package io.pgmob.fleet.state;

import io.pgmob.error.ConnectionException;
import io.pgmob.fleet.ClusterResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-cluster plans of a fleet grouped so identical ones are shown once: {@code 180
 * clusters: no change; 18 clusters: GRANT ...; 2 clusters: unreachable}. Groups come in that
 * order (no change, then plans by how many clusters share them, then unreachable, then other
 * errors); clusters within a group in inventory order.
 *
 * @param groups the groups
 */
public record PlanSummary(List<Group> groups) {

  /**
   * Keeps an unmodifiable copy of the groups.
   *
   * @param groups the groups
   */
  public PlanSummary {
    groups = List.copyOf(groups);
  }

  /** What a group of clusters has in common. */
  public enum Kind {
    /** The clusters match the file. */
    NO_CHANGE,
    /** The clusters need the same changes ({@link Group#lines()}). */
    CHANGES,
    /** The clusters could not be connected to. */
    UNREACHABLE,
    /** Reading or planning failed on the clusters (the same message). */
    ERROR
  }

  /**
   * Clusters with the same plan, or the same kind of failure.
   *
   * @param kind what they share
   * @param lines for {@link Kind#CHANGES}: the plan's statements ({@link ClusterPlan#lines()},
   *     secrets redacted); otherwise empty
   * @param clusters the target names
   * @param messages for failures: each cluster's message, in the order of {@code clusters}
   */
  public record Group(Kind kind, List<String> lines, List<String> clusters, List<String> messages) {
    /**
     * Checks the kind and keeps unmodifiable copies of the lists.
     *
     * @param kind what they share
     * @param lines for {@link Kind#CHANGES}: the plan's statements ({@link ClusterPlan#lines()}, secrets redacted); otherwise empty
     * @param clusters the target names
     * @param messages for failures: each cluster's message, in the order of {@code clusters}
     */
    public Group {
      Objects.requireNonNull(kind, "kind");
      lines = List.copyOf(lines);
      clusters = List.copyOf(clusters);
      messages = List.copyOf(messages);
    }
  }

  /** Groups {@code results} (as {@link FleetState#plan} emits them, in any order). */
  public static PlanSummary of(Collection<ClusterResult<ClusterPlan>> results) {
    Map<String, Group> byKey = new LinkedHashMap<>();
    for (ClusterResult<ClusterPlan> r : results) {
      Kind kind;
      List<String> lines = List.of();
      String message = null;
      ClusterPlan plan = r.value();
      if (r.isSuccess() && plan != null) {
        kind = plan.isEmpty() ? Kind.NO_CHANGE : Kind.CHANGES;
        lines = plan.lines();
      } else {
        kind = r.error() instanceof ConnectionException ? Kind.UNREACHABLE : Kind.ERROR;
        message = r.message() != null ? r.message() : r.outcome().name().toLowerCase(java.util.Locale.ROOT);
      }
      String key = kind + "\n" + (kind == Kind.ERROR ? message : String.join("\n", lines));
      Group g = byKey.get(key);
      List<String> clusters = new ArrayList<>(g == null ? List.of() : g.clusters());
      List<String> messages = new ArrayList<>(g == null ? List.of() : g.messages());
      clusters.add(r.name());
      if (message != null) {
        messages.add(message);
      }
      byKey.put(key, new Group(kind, lines, clusters, messages));
    }
    List<Group> groups = new ArrayList<>(byKey.values());
    groups.sort(Comparator.comparing(Group::kind)
        .thenComparing(g -> g.kind() == Kind.CHANGES ? -g.clusters().size() : 0));
    return new PlanSummary(groups);
  }

  /** Clusters in groups of {@code kind}. */
  public int count(Kind kind) {
    return groups.stream().filter(g -> g.kind() == kind).mapToInt(g -> g.clusters().size()).sum();
  }

  /** {@return whether any cluster needs changes} */
  public boolean hasChanges() {
    return count(Kind.CHANGES) > 0;
  }

  /** {@return whether any cluster could not be planned} */
  public boolean hasErrors() {
    return count(Kind.UNREACHABLE) + count(Kind.ERROR) > 0;
  }

  /** The text form: one paragraph per group, statements indented under the clusters. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Group g : groups) {
      int n = g.clusters().size();
      sb.append(n).append(n == 1 ? " cluster: " : " clusters: ").append(switch (g.kind()) {
        case NO_CHANGE -> "no change";
        case CHANGES -> changes(g.lines());
        case UNREACHABLE -> "unreachable";
        case ERROR -> "error";
      }).append('\n');
      if (g.messages().isEmpty()) {
        sb.append("  ").append(String.join(", ", g.clusters())).append('\n');
      } else {
        for (int i = 0; i < n; i++) {
          sb.append("  ").append(g.clusters().get(i)).append(": ").append(g.messages().get(i)).append('\n');
        }
      }
      for (String l : g.lines()) {
        sb.append("    ").append(l).append('\n');
      }
      sb.append('\n');
    }
    sb.append(summaryLine());
    return sb.toString();
  }

  /** {@return {@code 180 no change, 18 with changes pending, 2 unreachable, 0 failed}} */
  public String summaryLine() {
    return count(Kind.NO_CHANGE) + " no change, " + count(Kind.CHANGES) + " with changes pending, "
        + count(Kind.UNREACHABLE) + " unreachable, " + count(Kind.ERROR) + " failed";
  }

  private static String changes(List<String> lines) {
    // a password change runs after SET LOCAL statements that keep it out of the server log: not changes of their own
    long n = lines.stream().filter(l -> !l.startsWith("--") && !l.startsWith("SET LOCAL ")).count();
    return n + (n == 1 ? " change" : " changes");
  }
}
