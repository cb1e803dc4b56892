SELECT line_number, NULL::text AS file_name, error
FROM pg_hba_file_rules
WHERE error IS NOT NULL
ORDER BY line_number
