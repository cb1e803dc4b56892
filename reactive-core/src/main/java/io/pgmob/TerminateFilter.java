package io.pgmob;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which sessions {@link Cluster#terminate(TerminateFilter)} ends, as in PGMob: sessions of the
 * given databases, roles, application names or pids, minus the exclusions. An empty include list
 * means "any". {@link #all()} matches every client session. The caller's own session and server
 * processes that are not client backends are never terminated.
 */
public final class TerminateFilter {

  private final Set<String> databases;
  private final Set<String> excludeDatabases;
  private final Set<String> roles;
  private final Set<String> excludeRoles;
  private final Set<String> applications;
  private final Set<Integer> pids;
  private final Set<Integer> excludePids;
  private final boolean all;

  private TerminateFilter(Builder b) {
    this.databases = Set.copyOf(b.databases);
    this.excludeDatabases = Set.copyOf(b.excludeDatabases);
    this.roles = Set.copyOf(b.roles);
    this.excludeRoles = Set.copyOf(b.excludeRoles);
    this.applications = Set.copyOf(b.applications);
    this.pids = Set.copyOf(b.pids);
    this.excludePids = Set.copyOf(b.excludePids);
    this.all = b.all;
  }

  /** {@return A builder; an empty builder selects nothing} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return every client session but the caller's} */
  public static TerminateFilter all() {
    return builder().all().build();
  }

  /** Sessions connected to any of these databases. */
  public static TerminateFilter databases(String... databases) {
    return builder().databases(databases).build();
  }

  /** Sessions of any of these roles. */
  public static TerminateFilter roles(String... roles) {
    return builder().roles(roles).build();
  }

  /** Databases whose sessions are selected (empty: any). */
  public Set<String> databases() {
    return databases;
  }

  /** Databases whose sessions are never selected. */
  public Set<String> excludeDatabases() {
    return excludeDatabases;
  }

  /** Roles whose sessions are selected (empty: any). */
  public Set<String> roles() {
    return roles;
  }

  /** Roles whose sessions are never selected. */
  public Set<String> excludeRoles() {
    return excludeRoles;
  }

  /** Application names whose sessions are selected (empty: any). */
  public Set<String> applications() {
    return applications;
  }

  /** Backend pids that are selected (empty: any). */
  public Set<Integer> pids() {
    return pids;
  }

  /** Backend pids that are never selected. */
  public Set<Integer> excludePids() {
    return excludePids;
  }

  /** {@return whether every client session (minus exclusions) is selected} */
  public boolean isAll() {
    return all;
  }

  /** {@return whether this filter selects anything at all (an empty, non-{@code all} filter selects nothing)} */
  public boolean isEmpty() {
    return !all && databases.isEmpty() && roles.isEmpty() && pids.isEmpty() && applications.isEmpty();
  }

  @Override
  public String toString() {
    return "TerminateFilter[all=" + all + ", databases=" + databases + ", excludeDatabases=" + excludeDatabases
        + ", roles=" + roles + ", excludeRoles=" + excludeRoles + ", applications=" + applications
        + ", pids=" + pids + ", excludePids=" + excludePids + "]";
  }

  /** Builder for {@link TerminateFilter}. */
  public static final class Builder {
    private final java.util.Set<String> databases = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> excludeDatabases = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> roles = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> excludeRoles = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> applications = new java.util.LinkedHashSet<>();
    private final java.util.Set<Integer> pids = new java.util.LinkedHashSet<>();
    private final java.util.Set<Integer> excludePids = new java.util.LinkedHashSet<>();
    private boolean all;

    private Builder() {}

    /** Selects every client session, minus the exclusions. */
    public Builder all() {
      this.all = true;
      return this;
    }

    /**
     * Selects sessions connected to any of these databases.
     *
     * @param names selects sessions connected to any of these databases
     * @return this builder
     */
    public Builder databases(String... names) {
      databases.addAll(List.of(names));
      return this;
    }

    /**
     * Never selects sessions connected to these databases.
     *
     * @param names never selects sessions connected to these databases
     * @return this builder
     */
    public Builder excludeDatabases(String... names) {
      excludeDatabases.addAll(List.of(names));
      return this;
    }

    /**
     * Selects sessions of any of these roles.
     *
     * @param names selects sessions of any of these roles
     * @return this builder
     */
    public Builder roles(String... names) {
      roles.addAll(List.of(names));
      return this;
    }

    /**
     * Never selects sessions of these roles.
     *
     * @param names never selects sessions of these roles
     * @return this builder
     */
    public Builder excludeRoles(String... names) {
      excludeRoles.addAll(List.of(names));
      return this;
    }

    /**
     * Selects sessions with any of these application names.
     *
     * @param names selects sessions with any of these application names
     * @return this builder
     */
    public Builder applications(String... names) {
      applications.addAll(List.of(names));
      return this;
    }

    /**
     * Selects these backend pids.
     *
     * @param pids selects these backend pids
     * @return this builder
     */
    public Builder pids(Integer... pids) {
      for (Integer p : pids) {
        this.pids.add(Objects.requireNonNull(p, "pid"));
      }
      return this;
    }

    /**
     * Never selects these backend pids.
     *
     * @param pids never selects these backend pids
     * @return this builder
     */
    public Builder excludePids(Integer... pids) {
      for (Integer p : pids) {
        this.excludePids.add(Objects.requireNonNull(p, "pid"));
      }
      return this;
    }

    /** {@return the filter; include lists combine with AND} */
    public TerminateFilter build() {
      return new TerminateFilter(this);
    }
  }
}
