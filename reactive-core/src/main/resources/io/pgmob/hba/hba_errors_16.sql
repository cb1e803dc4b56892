SELECT line_number, file_name, error
FROM pg_hba_file_rules
WHERE error IS NOT NULL
ORDER BY file_name, line_number
