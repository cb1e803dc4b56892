-- Default privileges (ALTER DEFAULT PRIVILEGES). defaclnamespace 0: for every schema.
SELECT pg_get_userbyid(d.defaclrole)::text AS role,
       n.nspname::text AS schema,
       d.defaclobjtype::text AS objtype,
       d.defaclacl::text[] AS acl
  FROM pg_default_acl d
  LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
 ORDER BY 1, 2 NULLS FIRST, 3
