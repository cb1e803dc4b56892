SELECT c.conname::text AS name, pg_get_constraintdef(c.oid, true) AS definition
FROM pg_constraint c
WHERE c.conrelid = $1::bigint::oid AND c.contype IN ('p', 'u', 'c', 'f', 'x')
ORDER BY CASE c.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'c' THEN 2 WHEN 'x' THEN 3 ELSE 4 END, c.conname
