package io.pgmob.privilege;

import io.pgmob.error.InvalidInputException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One entry of an access control list, as PostgreSQL prints an {@code aclitem}: {@code
 * grantee=privileges/grantor}, e.g. {@code app=rw*}{@code /postgres} (SELECT, and UPDATE with
 * grant option). An empty grantee is PUBLIC. Names that are not plain letters, digits and
 * underscores are double-quoted, with embedded quotes doubled.
 *
 * @param grantee the role the privileges are granted to; {@code ""} for PUBLIC
 * @param grantor the role that granted them
 * @param privileges every privilege granted
 * @param grantable those of {@code privileges} held with grant option
 */
public record AclItem(String grantee, String grantor, Set<Privilege> privileges, Set<Privilege> grantable) {

  public AclItem {
    privileges = Collections.unmodifiableSet(privileges.isEmpty() ? EnumSet.noneOf(Privilege.class)
        : EnumSet.copyOf(privileges));
    grantable = Collections.unmodifiableSet(grantable.isEmpty() ? EnumSet.noneOf(Privilege.class)
        : EnumSet.copyOf(grantable));
  }

  /** {@return whether this entry is for PUBLIC (every role)} */
  public boolean isPublic() {
    return grantee.isEmpty();
  }

  /**
   * Parses PostgreSQL's text form of an {@code aclitem}.
   *
   * @throws InvalidInputException if it is not one
   */
  public static AclItem parse(String text) {
    int[] pos = {0};
    String grantee = name(text, pos, '=');
    expect(text, pos, '=');
    Set<Privilege> privs = EnumSet.noneOf(Privilege.class);
    Set<Privilege> grant = EnumSet.noneOf(Privilege.class);
    while (pos[0] < text.length() && text.charAt(pos[0]) != '/') {
      Privilege p;
      try {
        p = Privilege.ofAclChar(text.charAt(pos[0]));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("unknown privilege letter '" + text.charAt(pos[0]) + "' in ACL item " + text);
      }
      privs.add(p);
      pos[0]++;
      if (pos[0] < text.length() && text.charAt(pos[0]) == '*') {
        grant.add(p);
        pos[0]++;
      }
    }
    expect(text, pos, '/');
    String grantor = name(text, pos, '\0');
    if (pos[0] != text.length() || grantor.isEmpty()) {
      throw new InvalidInputException("malformed ACL item: " + text);
    }
    return new AclItem(grantee, grantor, privs, grant);
  }

  private static void expect(String text, int[] pos, char c) {
    if (pos[0] >= text.length() || text.charAt(pos[0]) != c) {
      throw new InvalidInputException("malformed ACL item (expected '" + c + "' at " + pos[0] + "): " + text);
    }
    pos[0]++;
  }

  private static String name(String text, int[] pos, char stop) {
    StringBuilder sb = new StringBuilder();
    int i = pos[0];
    if (i < text.length() && text.charAt(i) == '"') {
      i++;
      while (true) {
        if (i >= text.length()) {
          throw new InvalidInputException("malformed ACL item (unterminated quoted name): " + text);
        }
        char c = text.charAt(i);
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            sb.append('"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        sb.append(c);
        i++;
      }
    } else {
      while (i < text.length() && (stop == '\0' || text.charAt(i) != stop)) {
        sb.append(text.charAt(i));
        i++;
      }
    }
    pos[0] = i;
    return sb.toString();
  }

  /** Whether this entry grants {@code p} (with grant option if {@code withGrantOption}). */
  public boolean grants(Privilege p, boolean withGrantOption) {
    return withGrantOption ? grantable.contains(p) : privileges.contains(p);
  }

  /** The {@code aclitem} text form. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    putName(sb, grantee);
    sb.append('=');
    for (Privilege p : privileges) {
      sb.append(p.aclChar());
      if (grantable.contains(p)) {
        sb.append('*');
      }
    }
    sb.append('/');
    putName(sb, grantor);
    return sb.toString();
  }

  private static void putName(StringBuilder sb, String name) {
    boolean plain = !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    if (plain || name.isEmpty()) {
      sb.append(name);
      return;
    }
    sb.append('"').append(name.replace("\"", "\"\"")).append('"');
  }
}
