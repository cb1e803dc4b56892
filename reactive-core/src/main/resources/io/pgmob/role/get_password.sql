-- The stored password hash of one role; pg_authid is readable by superusers only.
SELECT rolpassword::text AS password FROM pg_authid WHERE rolname = $1::text
