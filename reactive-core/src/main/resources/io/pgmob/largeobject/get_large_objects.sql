SELECT m.oid::bigint AS oid, pg_get_userbyid(m.lomowner)::text AS owner
FROM pg_largeobject_metadata m
ORDER BY m.oid
