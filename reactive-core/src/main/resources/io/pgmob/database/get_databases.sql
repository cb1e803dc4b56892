SELECT d.oid::bigint AS oid, d.datname::text AS name, pg_get_userbyid(d.datdba)::text AS owner,
       pg_encoding_to_char(d.encoding)::text AS encoding, d.datcollate::text AS collation, d.datctype::text AS ctype,
       'libc' AS locale_provider, NULL::text AS locale,
       t.spcname::text AS tablespace, d.datconnlimit AS connection_limit, d.datistemplate AS is_template,
       d.datallowconn AS allow_connections
FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
ORDER BY d.datname
