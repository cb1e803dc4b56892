-- a postmaster setting changed in the file reads "setting could not be applied" until the
-- restart: that is the pending restart (reported separately), not an error. pending_restart is
-- not used here because this session may not have processed the reload's SIGHUP yet.
SELECT f.sourcefile, f.sourceline, f.name, f.error
FROM pg_catalog.pg_file_settings f
WHERE f.error IS NOT NULL
  AND NOT (f.error = 'setting could not be applied'
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_settings s WHERE s.name = f.name AND s.context = 'postmaster'))
ORDER BY f.sourcefile, f.sourceline
