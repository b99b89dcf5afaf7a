-- Up Migration
-- Review findings: (1) the policies that let a user see their memberships in other organizations applied to
-- every command, so a transaction in organization A could delete organization B the user merely belongs to;
-- reads keep the cross-organization view, writes are confined to the current organization. (2) Users had no
-- row-level security: a tenant transaction could rename any account; now a user row changes only under its own
-- app.user_id. (3) The audit trail was editable by the app role; it is append-only now, and erasure scrubs it
-- through a definer function bound to the caller's own app.user_id. (4) Export and erasure only reached the
-- organizations a person still belongs to; the definer functions below reach every organization.

DROP POLICY tenant_isolation ON organizations;
CREATE POLICY member_read ON organizations FOR SELECT
  USING (id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR id IN (SELECT organization_id FROM memberships WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid));
CREATE POLICY tenant_write ON organizations FOR ALL
  USING (id = nullif(current_setting('app.organization_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.organization_id', true), '')::uuid);

DROP POLICY tenant_isolation ON memberships;
CREATE POLICY member_read ON memberships FOR SELECT
  USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY tenant_write ON memberships FOR ALL
  USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
-- Looking an account up by email (login, adding a member) and signing up need no user context.
CREATE POLICY lookup ON users FOR SELECT USING (true);
CREATE POLICY sign_up ON users FOR INSERT WITH CHECK (true);
CREATE POLICY own_row ON users FOR UPDATE
  USING (id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.user_id', true), '')::uuid);

REVOKE UPDATE, DELETE ON audit_events FROM rusty_app;

-- The definer functions below run as the migrating owner, which FORCEd row-level security also binds (on RDS the
-- owner is not a superuser): these owner-only policies let them reach the calling user's own rows in every
-- organization, and nothing else. rusty_app never gets them.
CREATE POLICY privacy_read ON cases FOR SELECT TO CURRENT_USER
  USING (created_by = nullif(current_setting('app.user_id', true), '')::uuid
         OR assignee_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY privacy_erase ON cases FOR UPDATE TO CURRENT_USER
  USING (assignee_id = nullif(current_setting('app.user_id', true), '')::uuid) WITH CHECK (true);
CREATE POLICY privacy_read ON tasks FOR SELECT TO CURRENT_USER
  USING (assignee_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY privacy_erase ON tasks FOR UPDATE TO CURRENT_USER
  USING (assignee_id = nullif(current_setting('app.user_id', true), '')::uuid) WITH CHECK (true);
CREATE POLICY privacy_read ON audit_events FOR SELECT TO CURRENT_USER
  USING (actor_id = nullif(current_setting('app.user_id', true), '')::uuid
         OR (target_type = 'user' AND target_id = nullif(current_setting('app.user_id', true), '')::uuid));
CREATE POLICY privacy_erase ON audit_events FOR UPDATE TO CURRENT_USER
  USING (actor_id = nullif(current_setting('app.user_id', true), '')::uuid
         OR (target_type = 'user' AND target_id = nullif(current_setting('app.user_id', true), '')::uuid))
  WITH CHECK (true);

-- Everything about the calling user (app.user_id) in every organization, for the export.
CREATE FUNCTION personal_records() RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH me AS (SELECT nullif(current_setting('app.user_id', true), '')::uuid AS id)
  SELECT jsonb_build_object(
    'cases', coalesce((SELECT jsonb_agg(jsonb_build_object(
        'organizationId', c.organization_id, 'id', c.id, 'reference', c.reference, 'title', c.title,
        'description', c.description, 'status', c.status, 'priority', c.priority, 'assigneeId', c.assignee_id,
        'createdBy', c.created_by, 'createdAt', c.created_at, 'updatedAt', c.updated_at, 'deletedAt', c.deleted_at)
        ORDER BY c.created_at)
      FROM cases c, me WHERE c.created_by = me.id OR c.assignee_id = me.id), '[]'),
    'tasks', coalesce((SELECT jsonb_agg(jsonb_build_object(
        'organizationId', t.organization_id, 'id', t.id, 'caseId', t.case_id, 'title', t.title, 'status', t.status,
        'dueDate', t.due_date, 'createdAt', t.created_at) ORDER BY t.created_at)
      FROM tasks t, me WHERE t.assignee_id = me.id), '[]'),
    'auditEvents', coalesce((SELECT jsonb_agg(jsonb_build_object(
        'organizationId', a.organization_id, 'action', a.action, 'targetType', a.target_type, 'targetId', a.target_id,
        'requestId', a.request_id, 'clientIp', a.client_ip, 'metadata', a.metadata, 'occurredAt', a.occurred_at)
        ORDER BY a.occurred_at)
      FROM audit_events a, me WHERE a.actor_id = me.id OR (a.target_type = 'user' AND a.target_id = me.id)), '[]'))
$$;

-- Erasure of the calling user's traces in every organization: unassigned from cases and tasks; audit rows keep
-- only the (anonymised) user id, without address or details.
CREATE FUNCTION erase_personal_records() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  me uuid := nullif(current_setting('app.user_id', true), '')::uuid;
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'erase_personal_records needs app.user_id';
  END IF;
  UPDATE cases SET assignee_id = NULL, updated_at = now(), version = version + 1 WHERE assignee_id = me;
  UPDATE tasks SET assignee_id = NULL, updated_at = now() WHERE assignee_id = me;
  UPDATE audit_events SET client_ip = NULL, metadata = '{}'
    WHERE actor_id = me OR (target_type = 'user' AND target_id = me);
END
$$;

REVOKE ALL ON FUNCTION personal_records(), erase_personal_records() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION personal_records(), erase_personal_records() TO rusty_app;

-- Down Migration
DROP POLICY privacy_erase ON audit_events;
DROP POLICY privacy_read ON audit_events;
DROP POLICY privacy_erase ON tasks;
DROP POLICY privacy_read ON tasks;
DROP POLICY privacy_erase ON cases;
DROP POLICY privacy_read ON cases;
DROP FUNCTION erase_personal_records();
DROP FUNCTION personal_records();
GRANT UPDATE, DELETE ON audit_events TO rusty_app;
DROP POLICY own_row ON users;
DROP POLICY sign_up ON users;
DROP POLICY lookup ON users;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP POLICY tenant_write ON memberships;
DROP POLICY member_read ON memberships;
CREATE POLICY tenant_isolation ON memberships
  USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR user_id = nullif(current_setting('app.user_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);
DROP POLICY tenant_write ON organizations;
DROP POLICY member_read ON organizations;
CREATE POLICY tenant_isolation ON organizations
  USING (id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR id IN (SELECT organization_id FROM memberships WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid))
  WITH CHECK (id = nullif(current_setting('app.organization_id', true), '')::uuid);
