-- Role memberships: "member" is a member of "role". Before PostgreSQL 16 a membership has
-- no inherit/set options of its own. $1: a member name, or NULL for all.
SELECT g.rolname::text AS role,
       m.rolname::text AS member,
       a.admin_option AS admin_option,
       gr.rolname::text AS grantor
  FROM pg_auth_members a
  JOIN pg_roles g ON g.oid = a.roleid
  JOIN pg_roles m ON m.oid = a.member
  LEFT JOIN pg_roles gr ON gr.oid = a.grantor
 WHERE $1::text IS NULL OR m.rolname = $1::text
 ORDER BY m.rolname, g.rolname, a.admin_option DESC
