package io.pgmob.fleet.state;

import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.privilege.Privilege;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a state file declares, as read (unset fields are null, so later blocks can override earlier ones). */
final class Decls {

  private Decls() {}

  /** The role attributes a file may set, by their file names, in the order they are applied. */
  static final List<String> ATTRIBUTES = List.of("superuser", "inherit", "createrole", "createdb", "login",
      "replication", "bypassrls");

  record Block(Selector selector, List<RoleDecl> roles, List<DatabaseDecl> databases, @Nullable ExclusiveDecl exclusive) {}

  record RoleDecl(String name, Map<String, Boolean> attributes, @Nullable Integer connectionLimit,
      @Nullable Instant validUntil, @Nullable Credentials password, @Nullable String comment,
      Map<String, List<String>> settings, Map<String, Boolean> memberOf) {

    /** This declaration with {@code later}'s set fields on top (settings and memberships add up). */
    RoleDecl merge(RoleDecl later) {
      Map<String, Boolean> a = new LinkedHashMap<>(attributes);
      a.putAll(later.attributes);
      Map<String, List<String>> s = new LinkedHashMap<>(settings);
      s.putAll(later.settings);
      Map<String, Boolean> m = new LinkedHashMap<>(memberOf);
      m.putAll(later.memberOf);
      return new RoleDecl(name, a, later.connectionLimit != null ? later.connectionLimit : connectionLimit,
          later.validUntil != null ? later.validUntil : validUntil, later.password != null ? later.password : password,
          later.comment != null ? later.comment : comment, s, m);
    }
  }

  record GrantDecl(String grantee, Set<Privilege> privileges, boolean grantOption) {}

  record SchemaDecl(String name, @Nullable String owner, List<GrantDecl> grants) {
    SchemaDecl merge(SchemaDecl later) {
      List<GrantDecl> g = new ArrayList<>(grants);
      g.addAll(later.grants);
      return new SchemaDecl(name, later.owner != null ? later.owner : owner, g);
    }
  }

  record DatabaseDecl(String name, @Nullable String owner, @Nullable Integer connectionLimit,
      @Nullable Boolean allowConnections, List<GrantDecl> grants, Map<String, SchemaDecl> schemas) {
    DatabaseDecl merge(DatabaseDecl later) {
      List<GrantDecl> g = new ArrayList<>(grants);
      g.addAll(later.grants);
      Map<String, SchemaDecl> s = new LinkedHashMap<>(schemas);
      later.schemas.forEach((k, v) -> s.merge(k, v, SchemaDecl::merge));
      return new DatabaseDecl(name, later.owner != null ? later.owner : owner,
          later.connectionLimit != null ? later.connectionLimit : connectionLimit,
          later.allowConnections != null ? later.allowConnections : allowConnections, g, s);
    }
  }

  /**
   * What a block says the file owns, so that what is on a server but not in the file is removed:
   * roles matching {@code pattern} (dropped, after their objects are reassigned to {@code
   * reassignTo}; null: the connecting role), with {@code grants} the grants on the databases and
   * schemas the file declares (revoked), and the members of the roles in {@code members}
   * (their memberships revoked).
   */
  record ExclusiveDecl(@Nullable String pattern, @Nullable Pattern regex, @Nullable String reassignTo, boolean grants,
      Set<String> members) {
    ExclusiveDecl {
      members = Set.copyOf(members);
    }

    boolean matches(String role) {
      return regex != null && regex.matcher(role).matches();
    }

    static Pattern glob(String glob) {
      StringBuilder sb = new StringBuilder();
      for (char ch : glob.toCharArray()) {
        switch (ch) {
          case '*' -> sb.append(".*");
          case '?' -> sb.append('.');
          default -> sb.append(Pattern.quote(String.valueOf(ch)));
        }
      }
      return Pattern.compile(sb.toString());
    }
  }

  /** The state one target should have: every block whose selector matches it, composed in file order. */
  record Desired(Map<String, RoleDecl> roles, Map<String, DatabaseDecl> databases, List<ExclusiveDecl> exclusive) {
    boolean isEmpty() {
      return roles.isEmpty() && databases.isEmpty() && exclusive.isEmpty();
    }

    /** Whether the grants on the declared databases and schemas belong to the file. */
    boolean exclusiveGrants() {
      return exclusive.stream().anyMatch(ExclusiveDecl::grants);
    }

    /** Whether the members of {@code role} belong to the file. */
    boolean exclusiveMembersOf(String role) {
      return exclusive.stream().anyMatch(e -> e.members().contains(role));
    }

    /** The roles whose members belong to the file. */
    Set<String> exclusiveMemberships() {
      Set<String> s = new java.util.LinkedHashSet<>();
      exclusive.forEach(e -> s.addAll(e.members()));
      return s;
    }
  }
}
