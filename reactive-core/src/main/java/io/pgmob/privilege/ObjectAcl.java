package io.pgmob.privilege;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The access control list of one object. When the catalog holds no ACL (NULL: the defaults
 * apply), this is PostgreSQL's default ACL for the object ({@code acldefault}), so it always shows
 * who may do what.
 *
 * @param type the kind of object
 * @param name the object's name as the server prints it (qualified where needed; a function with its argument types)
 * @param owner the owning role
 * @param acl the entries
 */
public record ObjectAcl(ObjectType type, String name, String owner, List<AclItem> acl) {

  public ObjectAcl {
    acl = List.copyOf(acl);
  }

  /** What {@code grantee} ({@code ""} or {@code "PUBLIC"} for PUBLIC) holds directly, over all grantors. */
  public Set<Privilege> privilegesOf(String grantee, boolean withGrantOption) {
    String g = Grant.isPublic(grantee) ? "" : grantee;
    Set<Privilege> s = EnumSet.noneOf(Privilege.class);
    for (AclItem i : acl) {
      if (i.grantee().equals(g)) {
        s.addAll(withGrantOption ? i.grantable() : i.privileges());
      }
    }
    return s;
  }
}
