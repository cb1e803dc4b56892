-- $1 schema name.
SELECT quote_ident(n.nspname) AS name, pg_get_userbyid(n.nspowner)::text AS owner,
       coalesce(n.nspacl, acldefault('n', n.nspowner))::text[] AS acl
  FROM pg_namespace n WHERE n.nspname = $1::text
