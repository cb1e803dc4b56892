SELECT split_part(current_setting('unix_socket_directories'), ',', 1) AS socket_dir,
       current_setting('port') AS port,
       session_user::text AS login
