package io.pgmob.fleet.state;

import io.pgmob.error.InvalidInputException;
import io.pgmob.fleet.AppliedChanges;
import io.pgmob.fleet.ClusterResult;
import io.pgmob.fleet.Fleet;
import io.pgmob.fleet.FleetOperation;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.inventory.Target;
import io.pgmob.fleet.rollout.Rollout;
import io.pgmob.fleet.rollout.RolloutEvent;
import io.pgmob.fleet.state.Decls.Block;
import io.pgmob.fleet.state.Decls.DatabaseDecl;
import io.pgmob.fleet.state.Decls.Desired;
import io.pgmob.fleet.state.Decls.ExclusiveDecl;
import io.pgmob.fleet.state.Decls.RoleDecl;
import io.pgmob.password.Password;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * A declarative state file: what roles, memberships, databases, schemas and privileges the
 * clusters of a fleet should have. Parse it, then {@link #plan} to see per cluster what differs,
 * and {@link #apply} to converge the fleet as a rollout.
 *
 * <pre>{@code
 * FleetState state = FleetState.parse(Path.of("state.yaml"));     // validated; nothing contacted
 * state.plan(fleet, Selector.parse("env=prod"))
 *     .filter(r -> r.value() != null && r.value().changed())
 *     .subscribe(r -> System.out.println(r.value()));                // secrets redacted
 * RolloutReport report = RolloutReport.from(
 *     state.apply(fleet, Selector.parse("env=prod"), Rollout.builder("state").canary(1).build())).block();
 * }</pre>
 *
 * <p>The file (see {@code docs/state.md}) is a list of blocks, each scoped by an inventory
 * selector. For a target, the blocks whose selector matches it compose in file order: for the
 * same role, database or schema, a later block's fields override an earlier block's; settings and
 * memberships merge by name; grants and {@code exclusive} patterns add up.
 *
 * <p>Plans are computed by the kinds' own diffs (the ones {@code ensure} uses) from a fixed number
 * of catalog reads per cluster, on sessions opened with {@code default_transaction_read_only=on}.
 * Immutable and thread-safe.
 */
public final class FleetState {

  private final String source;
  private final String digest;
  private final List<Block> blocks;
  private final Set<String> external;

  private FleetState(String source, String digest, List<Block> blocks, Set<String> external) {
    this.source = source;
    this.digest = digest;
    this.blocks = blocks;
    this.external = external;
  }

  /**
   * Reads and validates a state file (YAML or JSON). Nothing is contacted, and no secret is read.
   *
   * @param file the state file
   * @return the desired state
   * @throws StateFileException naming file:line:column and the field: unknown field, wrong type,
   *     a password written inline instead of {@code env:NAME} or {@code file:PATH}, a role
   *     named (member_of, owner, grant) that is neither declared nor in {@code external_roles}
   * @throws InvalidInputException when the file cannot be read
   */
  public static FleetState parse(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the state file " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() != null ? " " + e.getMessage() : ""));
    }
    return parse(text, file.toString());
  }

  /**
   * {@link #parse(Path)} of {@code text}; {@code source} names it in errors.
   *
   * @param text the state file's text, YAML or JSON
   * @param source the name errors give the text, for example its file name
   * @return the desired state
   */
  public static FleetState parse(String text, String source) {
    StateReader.Parsed p = StateReader.read(text, source);
    return new FleetState(source, sha256(text), p.blocks(), p.externalRoles());
  }

  /** {@return the file name (or the source given to {@link #parse(String, String)})} */
  public String source() {
    return source;
  }

  /** {@return the first 12 hex digits of the SHA-256 of the file's text (names rollouts; holds no secret)} */
  public String digest() {
    return digest;
  }

  /**
   * Plans every target the selector picks; see {@link #plan(Fleet, List)}.
   *
   * @param fleet the fleet whose inventory and limits to use
   * @param selector which targets
   * @return one plan (or failure) per target, as clusters finish
   */
  public Flux<ClusterResult<ClusterPlan>> plan(Fleet fleet, Selector selector) {
    return plan(fleet, fleet.inventory().select(selector));
  }

  /**
   * Reads each target and computes its {@link ClusterPlan}, through {@link Fleet#run} (the
   * fleet's concurrency, limits, timeouts and retries), on sessions opened read-only ({@code
   * default_transaction_read_only=on}), so planning cannot change a cluster.
   *
   * <p>Order: results arrive as clusters finish. Errors: a cluster that cannot be reached or read
   * is a {@link io.pgmob.fleet.Outcome#FAILED} result, the others go on. A password reference that
   * cannot be read (unset variable, unreadable file) fails the Flux before any cluster is
   * contacted. A result's outcome is {@code UNCHANGED} when the cluster matches the file and
   * {@code SUCCEEDED} when its plan has changes. Cancellation cancels the reads in flight.
   *
   * @param fleet the fleet whose limits to use
   * @param targets the targets to plan
   * @return one plan (or failure) per target, as clusters finish
   */
  public Flux<ClusterResult<ClusterPlan>> plan(Fleet fleet, List<Target> targets) {
    List<Target> copy = List.copyOf(targets);
    return Flux.defer(() -> {
      Function<Credentials, Password> secrets = secrets();
      Map<String, Target> byName = new HashMap<>();
      List<Target> readOnly = new ArrayList<>();
      for (Target t : copy) {
        byName.put(t.name(), t);
        readOnly.add(Target.of(t.name(), t.spec().toBuilder().option("default_transaction_read_only", "on").build(),
            t.labels()));
      }
      FleetOperation<ClusterPlan> op = FleetOperation.of(c -> {
        Target t = byName.get(c.spec().name());
        return Planner.plan(c, t.name(), desired(t), external, secrets);
      });
      return fleet.run(readOnly, op).map(r -> new ClusterResult<>(byName.get(r.name()), r.outcome(), r.value(),
          r.error(), r.sqlState(), r.attempts(), r.timings(), r.plan()));
    });
  }

  /**
   * The operation a rollout runs on each cluster: it re-reads the cluster (under the rollout's
   * per-cluster lock, right before applying, so a change made since an earlier plan is seen),
   * plans and applies the plan step by step ({@link io.pgmob.managed.Changes#apply}: the
   * transactional changes of a step in one transaction under the catalog lock). Its dry-run plan
   * is the cluster's plan; it reconciles after a lost connection by planning again (an empty plan
   * means the lost attempt took effect). Unchanged when the cluster already matched.
   *
   * @return the operation; unchanged on clusters that already match the file
   * @param targets the targets it may run on (it looks a session's target up by name)
   * @throws InvalidInputException when a password reference cannot be read (they are read here,
   *     once, so that a missing secret stops the rollout before any cluster is contacted)
   */
  public FleetOperation<AppliedChanges> operation(List<Target> targets) {
    Map<String, Target> byName = new LinkedHashMap<>();
    targets.forEach(t -> byName.put(t.name(), t));
    return new StateOperation(this, byName, secrets());
  }

  /**
   * {@link #apply(Fleet, List, Rollout)} over the targets the selector picks.
   *
   * @param fleet the fleet whose inventory and limits to use
   * @param selector which targets
   * @param rollout canary, waves, thresholds, approval, journal, dry run
   * @return the rollout's events
   */
  public Flux<RolloutEvent> apply(Fleet fleet, Selector selector, Rollout rollout) {
    return apply(fleet, fleet.inventory().select(selector), rollout);
  }

  /**
   * Converges the targets to the file as a rollout ({@link Fleet#rollout}: canary, waves,
   * thresholds, approval, journal, dry run) of {@link #operation(List)}. Password references are
   * read when the rollout starts; one that cannot be read fails the Flux before any cluster is
   * contacted.
   *
   * @param fleet the fleet whose limits to use
   * @param targets the targets to converge
   * @param rollout canary, waves, thresholds, approval, journal, dry run
   * @return the rollout's events
   */
  public Flux<RolloutEvent> apply(Fleet fleet, List<Target> targets, Rollout rollout) {
    return Flux.defer(() -> fleet.rollout(targets, rollout, operation(targets)));
  }

  /**
   * Writes the state file that describes {@code targets} as they are today, for adopting clusters
   * that are already there: a plan of the result against the same clusters shows no change. One
   * block per target, selected by its name ({@code select: name=...}); roles and databases named
   * but not declared (the bootstrap superuser, {@code pg_} roles) are listed in {@code
   * external_roles}. Passwords are not exported (a state file holds them by reference only): add
   * {@code password: env:NAME} where the file should manage one. What is exported and what is
   * not: see {@code docs/state.md}.
   *
   * <p>Reads each target through {@link Fleet#run} on sessions opened read-only. Errors: when a
   * target cannot be read, the Mono fails naming every such target and why (a partial file would
   * look like a whole one); a target name that a selector cannot express fails before anything
   * is contacted.
   *
   * @return the file's text (YAML)
   */
  public static reactor.core.publisher.Mono<String> export(Fleet fleet, List<Target> targets) {
    List<Target> copy = List.copyOf(targets);
    return reactor.core.publisher.Mono.defer(() -> {
      Map<String, Selector> selectors = new LinkedHashMap<>();
      List<Target> readOnly = new ArrayList<>();
      for (Target t : copy) {
        selectors.put(t.name(), nameSelector(t, copy));
        readOnly.add(Target.of(t.name(), t.spec().toBuilder().option("default_transaction_read_only", "on").build(),
            t.labels()));
      }
      return fleet.run(readOnly, FleetOperation.of(Exporter::export)).collectList().map(results -> {
        List<String> failed = new ArrayList<>();
        Map<String, Exporter.Exported> byName = new HashMap<>();
        for (ClusterResult<Exporter.Exported> r : results) {
          if (r.value() == null) {
            failed.add(r.name() + ": " + (r.error() != null ? r.error().getMessage() : r.outcome()));
          } else {
            byName.put(r.name(), r.value());
          }
        }
        if (!failed.isEmpty()) {
          throw new io.pgmob.error.PgmobException("could not read " + failed.size() + " of " + results.size()
              + " clusters, so nothing was exported: " + String.join("; ", failed));
        }
        return Exporter.yaml(selectors, byName);
      });
    });
  }

  /** {@code name=<target>}, checked to pick exactly that target among {@code all}. */
  private static Selector nameSelector(Target t, List<Target> all) {
    Selector parsed;
    try {
      parsed = Selector.parse("name=" + t.name());
    } catch (RuntimeException e) {
      parsed = null;
    }
    Selector s = parsed;
    if (s == null || !s.test(t) || all.stream().anyMatch(o -> o != t && s.test(o))) {
      throw new InvalidInputException("target '" + t.name() + "' cannot be selected by its name in a state file "
          + "(its name has a character a selector gives a meaning to, or a label called name hides it); "
          + "export it alone, or rename it in the inventory");
    }
    return s;
  }

  /** Reads every password reference of the file now, once; the function hands out the passwords. */
  Function<Credentials, Password> secrets() {
    Map<String, Password> byRef = new HashMap<>();
    for (Block b : blocks) {
      for (RoleDecl r : b.roles()) {
        Credentials ref = r.password();
        if (ref != null && !byRef.containsKey(ref.reference())) {
          try {
            byRef.put(ref.reference(), Password.plain(ref.get()));
          } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": the password of role " + r.name() + " (" + ref.reference()
                + "): " + e.reason());
          }
        }
      }
    }
    return ref -> Objects.requireNonNull(byRef.get(ref.reference()), "secret read at start");
  }

  /** The state {@code target} should have: the matching blocks composed in file order. */
  Desired desired(Target target) {
    Map<String, RoleDecl> roles = new LinkedHashMap<>();
    Map<String, DatabaseDecl> databases = new LinkedHashMap<>();
    List<ExclusiveDecl> exclusive = new ArrayList<>();
    for (Block b : blocks) {
      if (!b.selector().test(target)) {
        continue;
      }
      b.roles().forEach(r -> roles.merge(r.name(), r, RoleDecl::merge));
      b.databases().forEach(d -> databases.merge(d.name(), d, DatabaseDecl::merge));
      if (b.exclusive() != null) {
        exclusive.add(b.exclusive());
      }
    }
    return new Desired(roles, databases, exclusive);
  }

  Set<String> externalRoles() {
    return external;
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "FleetState[" + source + ", " + blocks.size() + " block(s), " + digest + "]";
  }
}
