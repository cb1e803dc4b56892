SELECT n.oid::bigint AS oid, n.nspname::text AS name, pg_get_userbyid(n.nspowner)::text AS owner
FROM pg_namespace n
WHERE n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
ORDER BY n.nspname
