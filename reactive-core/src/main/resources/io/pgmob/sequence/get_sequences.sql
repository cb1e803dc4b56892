SELECT c.oid::bigint AS oid, s.schemaname::text AS schema, s.sequencename::text AS name,
       s.sequenceowner::text AS owner, s.data_type::regtype::text AS data_type, s.start_value, s.min_value,
       s.max_value, s.increment_by, s.cycle, s.cache_size, s.last_value
FROM pg_sequences s
JOIN pg_namespace n ON n.nspname = s.schemaname
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
ORDER BY s.schemaname, s.sequencename
