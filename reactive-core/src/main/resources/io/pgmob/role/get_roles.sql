-- Roles as pg_roles shows them (no superuser needed; rolpassword is masked there).
-- $1: a role name, or NULL for every role.
SELECT r.oid::bigint AS oid,
       r.rolname::text AS name,
       r.rolsuper AS superuser,
       r.rolinherit AS inherit,
       r.rolcreaterole AS createrole,
       r.rolcreatedb AS createdb,
       r.rolcanlogin AS login,
       r.rolreplication AS replication,
       r.rolbypassrls AS bypassrls,
       r.rolconnlimit AS connection_limit,
       CASE WHEN r.rolvaliduntil IS NULL THEN NULL
            WHEN r.rolvaliduntil = 'infinity' THEN 'infinity'
            WHEN r.rolvaliduntil = '-infinity' THEN '-infinity'
            ELSE (extract(epoch FROM date_trunc('second', r.rolvaliduntil))::bigint * 1000000
                  + extract(microseconds FROM r.rolvaliduntil)::bigint % 1000000)::text
       END AS valid_until_us,
       (SELECT s.setconfig::text[] FROM pg_db_role_setting s
         WHERE s.setrole = r.oid AND s.setdatabase = 0) AS settings,
       shobj_description(r.oid, 'pg_authid') AS comment
  FROM pg_roles r
 WHERE $1::text IS NULL OR r.rolname = $1::text
 ORDER BY r.rolname
