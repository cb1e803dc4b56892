package io.pgmob.role;

import io.pgmob.error.InvalidInputException;
import io.pgmob.session.PgVersion;
import io.pgmob.managed.Change;
import io.pgmob.password.Password;
import io.pgmob.sql.Identifier;
import io.pgmob.sql.Literal;
import io.pgmob.sql.Sql;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Statement builders shared by alterations, specs and scripts. */
final class RoleSql {

  private RoleSql() {}

  /** The role attributes with their SQL keywords. */
  enum Attribute {
    SUPERUSER("SUPERUSER", "NOSUPERUSER"),
    INHERIT("INHERIT", "NOINHERIT"),
    CREATEROLE("CREATEROLE", "NOCREATEROLE"),
    CREATEDB("CREATEDB", "NOCREATEDB"),
    LOGIN("LOGIN", "NOLOGIN"),
    REPLICATION("REPLICATION", "NOREPLICATION"),
    BYPASSRLS("BYPASSRLS", "NOBYPASSRLS");

    final String on;
    final String off;

    Attribute(String on, String off) {
      this.on = on;
      this.off = off;
    }

    String keyword(boolean value) {
      return value ? on : off;
    }

    boolean of(Role r) {
      return switch (this) {
        case SUPERUSER -> r.superuser();
        case INHERIT -> r.inherit();
        case CREATEROLE -> r.createRole();
        case CREATEDB -> r.createDb();
        case LOGIN -> r.login();
        case REPLICATION -> r.replication();
        case BYPASSRLS -> r.bypassRls();
      };
    }
  }

  static Change attribute(String role, Attribute a, boolean value) {
    return Change.of("set " + a.keyword(value) + " on role " + Identifier.of(role),
        Sql.format("ALTER ROLE {} WITH " + a.keyword(value), Identifier.of(role)));
  }

  static Change connectionLimit(String role, int limit) {
    if (limit < -1) {
      throw new InvalidInputException("connection limit must be -1 (no limit) or more, not " + limit);
    }
    return Change.of("set CONNECTION LIMIT " + limit + " on role " + Identifier.of(role),
        Sql.format("ALTER ROLE {} WITH CONNECTION LIMIT {}", Identifier.of(role), limit));
  }

  static Change validUntil(String role, Instant until) {
    return Change.of("set VALID UNTIL " + validText(until) + " on role " + Identifier.of(role),
        Sql.format("ALTER ROLE {} WITH VALID UNTIL {}", Identifier.of(role), Literal.of(validText(until))));
  }

  /** Microsecond precision, as the server keeps it; {@link Instant#MAX} is {@code infinity}. */
  static Instant truncate(Instant i) {
    return i.equals(Instant.MAX) || i.equals(Instant.MIN) ? i : i.truncatedTo(ChronoUnit.MICROS);
  }

  static String validText(Instant until) {
    if (until.equals(Instant.MAX)) {
      return "infinity";
    }
    if (until.equals(Instant.MIN)) {
      return "-infinity";
    }
    return truncate(until).toString();
  }

  /**
   * Setting a password. When the session may (superuser), statement logging is switched off for
   * the rest of the transaction first, so not even the verifier reaches the server log, also when
   * the statement fails (log_min_error_statement would echo it).
   */
  static List<Change> password(String role, @Nullable Password password, boolean superuser, PgVersion version,
      String why) {
    List<Change> l = new ArrayList<>();
    if (superuser) {
      l.addAll(quietLogging(version));
    }
    Sql sql = password == null
        ? Sql.format("ALTER ROLE {} WITH PASSWORD NULL", Identifier.of(role))
        : Sql.format("ALTER ROLE {} WITH PASSWORD {}", Identifier.of(role), password.toSecretLiteral());
    l.add(Change.of((password == null ? "remove the password of role " : "set the password of role ")
        + Identifier.of(role) + why, sql));
    return l;
  }

  /**
   * Every setting that can make the server log a statement's text, switched off for the rest of
   * the transaction (each is superuser-only, hence only as superuser).
   */
  static List<Change> quietLogging(PgVersion version) {
    List<Change> l = new ArrayList<>(List.of(
        Change.of("keep the password statement out of the server log",
            Sql.raw("SET LOCAL log_statement = 'none'")),
        Change.of("keep a failing password statement out of the server log",
            Sql.raw("SET LOCAL log_min_error_statement = 'panic'")),
        Change.of("keep a slow password statement out of the server log",
            Sql.raw("SET LOCAL log_min_duration_statement = -1"))));
    if (version.atLeast(12)) {
      l.add(Change.of("keep a sampled transaction's password statement out of the server log",
          Sql.raw("SET LOCAL log_transaction_sample_rate = 0")));
    }
    if (version.atLeast(13)) {
      l.add(Change.of("keep a sampled slow password statement out of the server log",
          Sql.raw("SET LOCAL log_min_duration_sample = -1")));
    }
    return l;
  }

  /**
   * {@link #quietLogging} as one statement that any user may run: it switches logging off for
   * the rest of the transaction only when the current user is a superuser (the settings are
   * superuser-only), and does nothing otherwise.
   */
  static String quietLoggingIfSuperuser(PgVersion version) {
    StringBuilder sb = new StringBuilder("SELECT set_config('log_statement', 'none', true),"
        + " set_config('log_min_error_statement', 'panic', true),"
        + " set_config('log_min_duration_statement', '-1', true)");
    if (version.atLeast(12)) {
      sb.append(", set_config('log_transaction_sample_rate', '0', true)");
    }
    if (version.atLeast(13)) {
      sb.append(", set_config('log_min_duration_sample', '-1', true)");
    }
    return sb.append(" WHERE (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)").toString();
  }

  static boolean isQuietLogging(Change c) {
    return c.sql().text().startsWith("SET LOCAL log_");
  }

  static Sql settingName(String name) {
    if (name.isEmpty()) {
      throw new InvalidInputException("setting name must not be empty");
    }
    List<Identifier> parts = new ArrayList<>();
    for (String p : name.split("\\.", -1)) {
      parts.add(Identifier.of(p.toLowerCase(java.util.Locale.ROOT)));
    }
    return Sql.join(".", parts);
  }

  static Change set(String role, String name, List<String> values) {
    if (values.isEmpty()) {
      throw new InvalidInputException("setting " + name + " needs at least one value");
    }
    List<Literal> lits = values.stream().map(Literal::of).toList();
    return Change.of("set " + name + " for role " + Identifier.of(role),
        Sql.format("ALTER ROLE {} SET {} = {}", Identifier.of(role), settingName(name), Sql.join(", ", lits)));
  }

  static Change reset(String role, String name) {
    return Change.of("reset " + name + " for role " + Identifier.of(role),
        Sql.format("ALTER ROLE {} RESET {}", Identifier.of(role), settingName(name)));
  }

  static Change comment(String role, @Nullable String comment) {
    boolean none = comment == null || comment.isEmpty();
    return Change.of((none ? "remove the comment of role " : "set the comment of role ") + Identifier.of(role),
        Sql.format("COMMENT ON ROLE {} IS {}", Identifier.of(role), Literal.of(none ? null : comment)));
  }

  static Change grantMembership(String group, String member, boolean admin) {
    return Change.of("grant role " + Identifier.of(group) + " to " + Identifier.of(member)
            + (admin ? " with admin option" : ""),
        Sql.format("GRANT {} TO {}" + (admin ? " WITH ADMIN OPTION" : ""), Identifier.of(group), Identifier.of(member)));
  }

  static Change revokeAdminOption(String group, String member) {
    return Change.of("revoke admin option on role " + Identifier.of(group) + " from " + Identifier.of(member),
        Sql.format("REVOKE ADMIN OPTION FOR {} FROM {}", Identifier.of(group), Identifier.of(member)));
  }

  static Change revokeMembership(String group, String member) {
    return Change.of("revoke role " + Identifier.of(group) + " from " + Identifier.of(member),
        Sql.format("REVOKE {} FROM {}", Identifier.of(group), Identifier.of(member)));
  }

  /**
   * Whether a stored setting (as {@code pg_db_role_setting} keeps it) means {@code values}. List
   * settings such as {@code search_path} are stored with each element quoted as an identifier
   * where needed, so the stored text is also compared element-wise.
   */
  static boolean settingMatches(@Nullable String stored, List<String> values) {
    if (stored == null) {
      return false;
    }
    if (stored.equals(String.join(", ", values))) {
      return true;
    }
    return splitList(stored).equals(values);
  }

  static List<String> splitList(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().strip());
    return out;
  }
}
