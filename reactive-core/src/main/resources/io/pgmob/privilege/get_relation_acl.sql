-- $1 schema, $2 relation name or NULL for all, $3 relkinds ('{r,p,v,m,f}' for tables, '{S}' for sequences).
SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
       pg_get_userbyid(c.relowner)::text AS owner,
       coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))::text[] AS acl
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1::text AND ($2::text IS NULL OR c.relname = $2::text)
   AND c.relkind::text = ANY($3::text[])
 ORDER BY c.relname
