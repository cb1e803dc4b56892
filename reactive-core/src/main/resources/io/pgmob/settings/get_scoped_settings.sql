SELECT d.datname::text AS datname, r.rolname::text AS rolname, s.setconfig::text[] AS setconfig
FROM pg_catalog.pg_db_role_setting s
LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
WHERE (s.setdatabase = 0 AND $1::text IS NULL OR d.datname = $1)
  AND (s.setrole = 0 AND $2::text IS NULL OR r.rolname = $2)
