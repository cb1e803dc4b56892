SELECT name, setting, unit, vartype, context, source, boot_val, reset_val, pending_restart,
       min_val, max_val, enumvals::text[] AS enumvals, category, short_desc
FROM pg_catalog.pg_settings
ORDER BY name
