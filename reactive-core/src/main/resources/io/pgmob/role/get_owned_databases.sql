-- Databases one can connect to, where REASSIGN OWNED / DROP OWNED must run.
SELECT datname::text AS name FROM pg_database WHERE datallowconn ORDER BY datname
