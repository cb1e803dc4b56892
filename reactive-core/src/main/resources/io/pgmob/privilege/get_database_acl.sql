-- $1 database name. A NULL datacl means the built-in defaults: acldefault shows them.
SELECT quote_ident(d.datname) AS name, pg_get_userbyid(d.datdba)::text AS owner,
       coalesce(d.datacl, acldefault('d', d.datdba))::text[] AS acl
  FROM pg_database d WHERE d.datname = $1::text
