-- Up Migration
-- The role tenant transactions switch to (SET LOCAL ROLE): it owns nothing and cannot bypass row-level
-- security, so every tenant table's policy applies to it. Roles are cluster-wide, hence the existence check.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rusty_app') THEN
    CREATE ROLE rusty_app NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;
GRANT rusty_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO rusty_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rusty_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO rusty_app;

-- Down Migration
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM rusty_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM rusty_app;
REVOKE USAGE ON SCHEMA public FROM rusty_app;
