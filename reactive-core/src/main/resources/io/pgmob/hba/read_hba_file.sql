SELECT current_setting('hba_file') AS path,
       encode(pg_read_binary_file(current_setting('hba_file')), 'base64') AS content
