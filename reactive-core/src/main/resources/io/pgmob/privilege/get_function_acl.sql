-- $1 a signature such as "app"."f"(integer, text), parsed by to_regprocedure (NULL if no such function).
SELECT p.oid::regprocedure::text AS name, pg_get_userbyid(p.proowner)::text AS owner,
       coalesce(p.proacl, acldefault('f', p.proowner))::text[] AS acl
  FROM pg_proc p WHERE p.oid = to_regprocedure($1::text)
