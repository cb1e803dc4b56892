SELECT s.slot_name::text AS name, s.slot_type AS type, s.plugin::text AS plugin, s.database::text AS database,
       s.temporary, s.active, s.active_pid, s.restart_lsn::text AS restart_lsn,
       s.confirmed_flush_lsn::text AS confirmed_flush_lsn,
       pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END,
                       s.restart_lsn)::bigint AS lag_bytes,
       NULL::text AS wal_status
FROM pg_replication_slots s
ORDER BY s.slot_name
