package io.pgmob.fleet.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pgmob.error.PgmobException;
import io.pgmob.fleet.inventory.Credentials;
import io.pgmob.fleet.inventory.LocatedNode;
import io.pgmob.fleet.inventory.Selector;
import io.pgmob.fleet.state.Decls.Block;
import io.pgmob.fleet.state.Decls.DatabaseDecl;
import io.pgmob.fleet.state.Decls.ExclusiveDecl;
import io.pgmob.fleet.state.Decls.GrantDecl;
import io.pgmob.fleet.state.Decls.RoleDecl;
import io.pgmob.fleet.state.Decls.SchemaDecl;
import io.pgmob.privilege.Privilege;
import io.pgmob.sql.Identifier;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads a state file (YAML or JSON) into blocks, the way the inventory reader does: a small tree
 * that remembers each value's line, column and token type, so every error points at the field.
 * Nothing here contacts a server; every reference to a role is checked against the roles the
 * file declares (in any block) and its {@code external_roles}.
 */
final class StateReader {

  static final String API_VERSION = "pgmob/v1";

  private static final YAMLFactory YAML = new YAMLFactory();
  private static final Set<String> TOP = Set.of("apiVersion", "external_roles", "blocks");
  private static final Set<String> BLOCK = Set.of("select", "roles", "databases", "exclusive");
  private static final Set<String> ROLE;
  private static final Set<String> DATABASE = Set.of("name", "owner", "connection_limit", "allow_connections",
      "grants", "schemas");
  private static final Set<String> SCHEMA = Set.of("name", "owner", "grants");
  private static final Set<String> GRANT = Set.of("to", "privileges", "with_grant_option");
  private static final Set<String> MEMBERSHIP = Set.of("role", "admin");
  private static final Set<String> EXCLUSIVE = Set.of("roles", "reassign_owned_to", "grants", "members");
  private static final Set<Privilege> DATABASE_PRIVILEGES = EnumSet.of(Privilege.CONNECT, Privilege.CREATE,
      Privilege.TEMPORARY);
  private static final Set<Privilege> SCHEMA_PRIVILEGES = EnumSet.of(Privilege.USAGE, Privilege.CREATE);

  static {
    Set<String> r = new HashSet<>(Decls.ATTRIBUTES);
    r.addAll(List.of("name", "connection_limit", "valid_until", "password", "comment", "settings", "member_of"));
    ROLE = Set.copyOf(r);
  }

  /** A role named somewhere in the file, checked once every block is read. */
  private record Reference(String role, LocatedNode at, String field, boolean publicAllowed) {}

  /** What {@link #read} returns. */
  record Parsed(List<Block> blocks, Set<String> externalRoles) {}

  private final String source;
  private final List<Reference> references = new ArrayList<>();
  private final Set<String> declared = new LinkedHashSet<>();

  private StateReader(String source) {
    this.source = source;
  }

  static Parsed read(String text, String source) {
    return new StateReader(source).read(text);
  }

  private Parsed read(String text) {
    LocatedNode root;
    try (JsonParser p = YAML.createParser(text)) {
      if (p.nextToken() == null) {
        throw new StateFileException(source, 1, 1, null, "the state file is empty");
      }
      root = LocatedNode.read(p, "", (line, column, field, problem) ->
          new StateFileException(source, line, column, field, problem));
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new StateFileException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), null,
          "not valid YAML/JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new StateFileException(source, 0, 0, null, "cannot parse: " + e.getMessage());
    }
    Map<String, LocatedNode> top = fields(root, "", TOP, "the state file must be a mapping with apiVersion and blocks");
    LocatedNode version = top.get("apiVersion");
    if (version == null) {
      throw err(root, "apiVersion", "missing (write apiVersion: " + API_VERSION + ")");
    }
    if (!API_VERSION.equals(string(version, "apiVersion"))) {
      throw err(version, "apiVersion", "unsupported version '" + version.value() + "' (this pgmob reads "
          + API_VERSION + ")");
    }
    Set<String> external = new LinkedHashSet<>();
    LocatedNode ext = top.get("external_roles");
    if (ext != null) {
      int i = 0;
      for (LocatedNode n : list(ext, "external_roles")) {
        external.add(name(n, "external_roles[" + i++ + "]", "role name"));
      }
    }
    LocatedNode blocksNode = top.get("blocks");
    if (blocksNode == null) {
      throw err(root, "blocks", "missing (a list of blocks, each with a selector and what its clusters should have)");
    }
    List<Block> blocks = new ArrayList<>();
    int i = 0;
    for (LocatedNode b : list(blocksNode, "blocks")) {
      blocks.add(block(b, "blocks[" + i++ + "]"));
    }
    for (Reference r : references) {
      if (!declared.contains(r.role()) && !external.contains(r.role())
          && !(r.publicAllowed() && io.pgmob.privilege.Grant.isPublic(r.role()))) {
        throw err(r.at(), r.field(), "role '" + r.role() + "' is neither declared in the file nor listed in "
            + "external_roles (add it to a block's roles, or to external_roles if it is managed elsewhere)");
      }
    }
    return new Parsed(List.copyOf(blocks), Set.copyOf(external));
  }

  private Block block(LocatedNode node, String path) {
    Map<String, LocatedNode> f = fields(node, path, BLOCK, "must be a mapping (select, roles, databases, exclusive)");
    Selector selector = Selector.all();
    LocatedNode sel = f.get("select");
    if (sel != null) {
      try {
        selector = Selector.parse(string(sel, path + ".select"));
      } catch (PgmobException e) {
        throw err(sel, path + ".select", e.reason());
      }
    }
    List<RoleDecl> roles = new ArrayList<>();
    LocatedNode rs = f.get("roles");
    if (rs != null) {
      Set<String> names = new HashSet<>();
      int i = 0;
      for (LocatedNode r : list(rs, path + ".roles")) {
        String p = path + ".roles[" + i++ + "]";
        RoleDecl role = role(r, p);
        if (!names.add(role.name())) {
          throw err(r.map().get("name"), p + ".name", "role '" + role.name() + "' is declared twice in this block");
        }
        roles.add(role);
      }
    }
    List<DatabaseDecl> databases = new ArrayList<>();
    LocatedNode ds = f.get("databases");
    if (ds != null) {
      Set<String> names = new HashSet<>();
      int i = 0;
      for (LocatedNode d : list(ds, path + ".databases")) {
        String p = path + ".databases[" + i++ + "]";
        DatabaseDecl db = database(d, p);
        if (!names.add(db.name())) {
          throw err(d.map().get("name"), p + ".name", "database '" + db.name() + "' is declared twice in this block");
        }
        databases.add(db);
      }
    }
    ExclusiveDecl exclusive = null;
    LocatedNode ex = f.get("exclusive");
    if (ex != null) {
      String p = path + ".exclusive";
      Map<String, LocatedNode> ef = fields(ex, p, EXCLUSIVE,
          "must be a mapping (roles: PATTERN, reassign_owned_to: ROLE, grants: true, members: [ROLE, ...])");
      if (!ef.containsKey("roles") && !ef.containsKey("grants") && !ef.containsKey("members")) {
        throw err(ex, p, "says nothing is exclusive: give roles (a pattern such as 'app_*'), grants: true, "
            + "or members (roles whose members the file owns)");
      }
      String glob = null;
      LocatedNode pattern = ef.get("roles");
      if (pattern != null) {
        glob = string(pattern, p + ".roles");
        if (glob.isBlank()) {
          throw err(pattern, p + ".roles", "must not be empty");
        }
      }
      String reassign = null;
      LocatedNode to = ef.get("reassign_owned_to");
      if (to != null) {
        if (glob == null) {
          throw err(to, p + ".reassign_owned_to", "only applies with roles: PATTERN (the roles whose objects move)");
        }
        reassign = name(to, p + ".reassign_owned_to", "role name");
        references.add(new Reference(reassign, to, p + ".reassign_owned_to", false));
      }
      boolean grants = ef.containsKey("grants") && bool(ef.get("grants"), p + ".grants");
      Set<String> members = new LinkedHashSet<>();
      LocatedNode ms = ef.get("members");
      if (ms != null) {
        int j = 0;
        for (LocatedNode m : list(ms, p + ".members")) {
          String mp = p + ".members[" + j++ + "]";
          String role = name(m, mp, "role name");
          references.add(new Reference(role, m, mp, false));
          members.add(role);
        }
      }
      exclusive = new ExclusiveDecl(glob, glob == null ? null : ExclusiveDecl.glob(glob), reassign, grants, members);
    }
    return new Block(selector, List.copyOf(roles), List.copyOf(databases), exclusive);
  }

  private RoleDecl role(LocatedNode node, String path) {
    Map<String, LocatedNode> f = fields(node, path, ROLE, "must be a mapping with at least a name");
    String name = requiredName(node, f, path, "role name");
    declared.add(name);
    Map<String, Boolean> attributes = new LinkedHashMap<>();
    for (String a : Decls.ATTRIBUTES) {
      LocatedNode v = f.get(a);
      if (v != null) {
        attributes.put(a, bool(v, path + "." + a));
      }
    }
    Integer limit = f.containsKey("connection_limit") ? connectionLimit(f.get("connection_limit"), path) : null;
    Instant validUntil = null;
    LocatedNode vu = f.get("valid_until");
    if (vu != null) {
      String s = string(vu, path + ".valid_until");
      try {
        validUntil = s.equals("infinity") ? Instant.MAX : Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw err(vu, path + ".valid_until", "must be an ISO-8601 instant like 2027-01-01T00:00:00Z, or infinity");
      }
    }
    Credentials password = null;
    LocatedNode pw = f.get("password");
    if (pw != null) {
      if (pw.token() != JsonToken.VALUE_STRING) {
        throw err(pw, path + ".password", "must be a reference (env:NAME or file:PATH), not "
            + kind(pw));
      }
      try {
        // the message of a refused value never echoes it: it may be a password written inline
        password = Credentials.parse((String) pw.value());
      } catch (PgmobException e) {
        throw err(pw, path + ".password", e.reason());
      }
    }
    String comment = f.containsKey("comment") ? string(f.get("comment"), path + ".comment") : null;
    Map<String, List<String>> settings = new LinkedHashMap<>();
    LocatedNode st = f.get("settings");
    if (st != null) {
      Map<String, LocatedNode> sm = map(st, path + ".settings");
      sm.forEach((k, v) -> {
        String p = path + ".settings." + k;
        if (v.value() instanceof List) {
          List<String> values = new ArrayList<>();
          int i = 0;
          for (LocatedNode e : v.list()) {
            values.add(scalar(e, p + "[" + i++ + "]"));
          }
          if (values.isEmpty()) {
            throw err(v, p, "must not be an empty list");
          }
          settings.put(k, values);
        } else {
          settings.put(k, List.of(scalar(v, p)));
        }
      });
    }
    Map<String, Boolean> memberOf = new LinkedHashMap<>();
    LocatedNode mo = f.get("member_of");
    if (mo != null) {
      int i = 0;
      for (LocatedNode m : list(mo, path + ".member_of")) {
        String p = path + ".member_of[" + i++ + "]";
        String group;
        boolean admin = false;
        LocatedNode at = m;
        if (m.value() instanceof Map) {
          Map<String, LocatedNode> mf = fields(m, p, MEMBERSHIP, "must be a role name or {role: NAME, admin: true}");
          LocatedNode r = mf.get("role");
          if (r == null) {
            throw err(m, p + ".role", "missing (the role to be a member of)");
          }
          group = name(r, p + ".role", "role name");
          at = r;
          if (mf.containsKey("admin")) {
            admin = bool(mf.get("admin"), p + ".admin");
          }
        } else {
          group = name(m, p, "role name");
        }
        if (group.equals(name)) {
          throw err(at, p, "a role cannot be a member of itself");
        }
        memberOf.put(group, admin);
        references.add(new Reference(group, at, p, false));
      }
    }
    return new RoleDecl(name, attributes, limit, validUntil, password, comment, settings, memberOf);
  }

  private DatabaseDecl database(LocatedNode node, String path) {
    Map<String, LocatedNode> f = fields(node, path, DATABASE, "must be a mapping with at least a name");
    String name = requiredName(node, f, path, "database name");
    String owner = owner(f, path);
    Integer limit = f.containsKey("connection_limit") ? connectionLimit(f.get("connection_limit"), path) : null;
    Boolean allow = f.containsKey("allow_connections") ? bool(f.get("allow_connections"), path + ".allow_connections")
        : null;
    List<GrantDecl> grants = grants(f.get("grants"), path + ".grants", DATABASE_PRIVILEGES, "database");
    Map<String, SchemaDecl> schemas = new LinkedHashMap<>();
    LocatedNode ss = f.get("schemas");
    if (ss != null) {
      int i = 0;
      for (LocatedNode s : list(ss, path + ".schemas")) {
        String p = path + ".schemas[" + i++ + "]";
        Map<String, LocatedNode> sf = fields(s, p, SCHEMA, "must be a mapping with at least a name");
        String sn = requiredName(s, sf, p, "schema name");
        if (schemas.containsKey(sn)) {
          throw err(sf.get("name"), p + ".name", "schema '" + sn + "' is declared twice in this database");
        }
        schemas.put(sn, new SchemaDecl(sn, owner(sf, p), grants(sf.get("grants"), p + ".grants", SCHEMA_PRIVILEGES,
            "schema")));
      }
    }
    return new DatabaseDecl(name, owner, limit, allow, grants, schemas);
  }

  private @Nullable String owner(Map<String, LocatedNode> f, String path) {
    LocatedNode o = f.get("owner");
    if (o == null) {
      return null;
    }
    String owner = name(o, path + ".owner", "role name");
    references.add(new Reference(owner, o, path + ".owner", false));
    return owner;
  }

  private List<GrantDecl> grants(@Nullable LocatedNode node, String path, Set<Privilege> allowed, String on) {
    if (node == null) {
      return List.of();
    }
    List<GrantDecl> out = new ArrayList<>();
    int i = 0;
    for (LocatedNode g : list(node, path)) {
      String p = path + "[" + i++ + "]";
      Map<String, LocatedNode> f = fields(g, p, GRANT, "must be a mapping {to: ROLE, privileges: [...]}");
      LocatedNode to = f.get("to");
      if (to == null) {
        throw err(g, p + ".to", "missing (the role that receives the privileges, or PUBLIC)");
      }
      String grantee = string(to, p + ".to");
      if (io.pgmob.privilege.Grant.isPublic(grantee)) {
        grantee = io.pgmob.privilege.Grant.PUBLIC; // the pseudo-role (PUBLIC or public); "Public" is a role of that name
      } else {
        grantee = name(to, p + ".to", "role name");
      }
      references.add(new Reference(grantee, to, p + ".to", true));
      LocatedNode pv = f.get("privileges");
      if (pv == null) {
        throw err(g, p + ".privileges", "missing (a list such as [CONNECT])");
      }
      List<LocatedNode> items = pv.value() instanceof List ? pv.list() : List.of(pv);
      Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
      int j = 0;
      for (LocatedNode item : items) {
        String ip = p + ".privileges" + (pv.value() instanceof List ? "[" + j++ + "]" : "");
        for (String word : string(item, ip).split(",")) {
          String w = word.strip().toUpperCase(Locale.ROOT);
          Privilege priv = w.equals("TEMP") ? Privilege.TEMPORARY : null;
          try {
            priv = priv != null ? priv : Privilege.valueOf(w);
          } catch (IllegalArgumentException e) {
            priv = null;
          }
          if (priv == null || !allowed.contains(priv)) {
            throw err(item, ip, "'" + word.strip() + "' is not a privilege on a " + on + " (one of "
                + allowed.stream().map(Privilege::sql).toList() + ")");
          }
          privileges.add(priv);
        }
      }
      if (privileges.isEmpty()) {
        throw err(pv, p + ".privileges", "must name at least one privilege");
      }
      boolean option = f.containsKey("with_grant_option") && bool(f.get("with_grant_option"), p + ".with_grant_option");
      out.add(new GrantDecl(grantee, privileges, option));
    }
    return List.copyOf(out);
  }

  // ---- typed access, each failure pointing at the value

  private Map<String, LocatedNode> fields(LocatedNode node, String path, Set<String> allowed, String notAMapping) {
    if (!(node.value() instanceof Map)) {
      throw err(node, path.isEmpty() ? null : path, notAMapping);
    }
    for (Map.Entry<String, LocatedNode> e : node.map().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw err(e.getValue(), (path.isEmpty() ? "" : path + ".") + e.getKey(),
            "unknown field (expected one of " + new TreeSet<>(allowed) + ")");
      }
    }
    return node.map();
  }

  private String requiredName(LocatedNode node, Map<String, LocatedNode> f, String path, String what) {
    LocatedNode n = f.get("name");
    if (n == null) {
      throw err(node, path + ".name", "missing (required)");
    }
    return name(n, path + ".name", what);
  }

  private String name(LocatedNode n, String field, String what) {
    String s = string(n, field);
    try {
      Identifier.validate(s, what);
    } catch (PgmobException e) {
      throw err(n, field, e.reason());
    }
    return s;
  }

  private Integer connectionLimit(LocatedNode n, String path) {
    int v = integer(n, path + ".connection_limit");
    if (v < -1) {
      throw err(n, path + ".connection_limit", "must be -1 (no limit) or more, got " + v);
    }
    return v;
  }

  private String string(LocatedNode n, String field) {
    if (n.token() != JsonToken.VALUE_STRING) {
      throw err(n, field, "must be a string, not " + kind(n));
    }
    return (String) n.value();
  }

  /** A string, number or boolean, as text (setting values). */
  private String scalar(LocatedNode n, String field) {
    return switch (n.token()) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> (String) n.value();
      default -> throw err(n, field, "must be a single value, not " + kind(n));
    };
  }

  private boolean bool(LocatedNode n, String field) {
    return switch (n.token()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> throw err(n, field, "must be true or false, not " + kind(n));
    };
  }

  private int integer(LocatedNode n, String field) {
    if (n.token() != JsonToken.VALUE_NUMBER_INT) {
      throw err(n, field, "must be an integer, not " + kind(n));
    }
    try {
      return Integer.parseInt((String) n.value());
    } catch (NumberFormatException e) {
      throw err(n, field, "must be an integer that fits in 32 bits");
    }
  }

  private List<LocatedNode> list(LocatedNode n, String field) {
    if (!(n.value() instanceof List)) {
      throw err(n, field, "must be a list, not " + kind(n));
    }
    return n.list();
  }

  private Map<String, LocatedNode> map(LocatedNode n, String field) {
    if (!(n.value() instanceof Map)) {
      throw err(n, field, "must be a mapping, not " + kind(n));
    }
    return n.map();
  }

  /** The kind of a value for messages, with its article; never the value itself (it could be a secret). */
  private static String kind(LocatedNode n) {
    return switch (n.token()) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "an empty value";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a number";
      default -> "a string";
    };
  }

  private StateFileException err(@Nullable LocatedNode at, @Nullable String field, String problem) {
    return new StateFileException(source, at == null ? 0 : at.line(), at == null ? 0 : at.column(), field, problem);
  }
}
