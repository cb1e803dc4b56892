-- Whether the current user is a superuser and, if so, the stored password hash of role $1, in
-- one statement that any user may run: pg_authid is readable by superusers only, so it is read
-- through query_to_xml, which runs its query only when the CASE reaches it.
SELECT r.rolsuper AS superuser,
       CASE WHEN r.rolsuper THEN query_to_xml(format(
         'SELECT rolpassword::text AS p FROM pg_catalog.pg_authid WHERE rolname = %L', $1::text),
         false, true, '')::text END AS password_xml
  FROM pg_catalog.pg_roles r
 WHERE r.rolname = current_user
