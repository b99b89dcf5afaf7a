-- Up Migration
-- The login role the app connects as (runbooks/decisions/0091-app-database-role.md): it owns nothing, may create
-- nothing, cannot bypass row-level security, and holds only rusty_app's grants (it switches to rusty_app in every
-- transaction). Only the migration step connects as the owner. Roles are cluster-wide, hence the existence
-- check, and another database of the same cluster may create it at the same moment, hence the handler.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rusty_api') THEN
    CREATE ROLE rusty_api LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
GRANT rusty_app TO rusty_api;

-- On RDS, membership in rds_iam makes the role log in with IAM authentication tokens only: no password exists
-- for it. The role exists only on RDS; elsewhere the role logs in as the cluster's pg_hba.conf says.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
    GRANT rds_iam TO rusty_api;
  END IF;
END
$$;

-- Nobody but the owner creates anything: PostgreSQL 15 already withholds CREATE on public from PUBLIC, older
-- majors and restored dumps may not. TEMPORARY goes too (temporary tables are objects the app never needs).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
  EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO rusty_api', current_database());
END
$$;

-- Grants are written out per table from now on: a new table is reachable by the app only once a migration says
-- which statements it needs (the first migration made every new table fully writable by default).
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM rusty_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM rusty_app;
-- Invitations are answered, never deleted (an organization's are removed with it, by its foreign key).
REVOKE DELETE ON invitations FROM rusty_app;

-- Down Migration
GRANT DELETE ON invitations TO rusty_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO rusty_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO rusty_app;
DO $$
BEGIN
  EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM rusty_api', current_database());
END
$$;
REVOKE rusty_app FROM rusty_api;
