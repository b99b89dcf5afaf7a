-- Up Migration
-- Joining an organization takes the invitee's consent: POST /members records an invitation (answering alike
-- whether or not an account uses the email, so nobody learns who is registered), and the person accepts it.
CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  invited_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  answer text CHECK (answer IN ('accepted', 'declined'))
);
CREATE UNIQUE INDEX invitations_pending ON invitations (organization_id, lower(email)) WHERE answered_at IS NULL;
CREATE INDEX invitations_email ON invitations (lower(email)) WHERE answered_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON invitations TO rusty_app;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
-- The organization sees its invitations; a signed-in person sees the ones addressed to their email.
CREATE POLICY invitee_read ON invitations FOR SELECT
  USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR lower(email) = (SELECT lower(u.email) FROM users u WHERE u.id = nullif(current_setting('app.user_id', true), '')::uuid));
CREATE POLICY tenant_write ON invitations FOR ALL
  USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);
CREATE POLICY privacy_erase ON invitations FOR DELETE TO CURRENT_USER
  USING (lower(email) = (SELECT lower(u.email) FROM users u WHERE u.id = nullif(current_setting('app.user_id', true), '')::uuid));

-- An invitee sees the name of the organization inviting them.
DROP POLICY member_read ON organizations;
CREATE POLICY member_read ON organizations FOR SELECT
  USING (id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR id IN (SELECT organization_id FROM memberships WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid)
         OR id IN (SELECT i.organization_id FROM invitations i JOIN users u ON lower(u.email) = lower(i.email)
                   WHERE u.id = nullif(current_setting('app.user_id', true), '')::uuid AND i.answered_at IS NULL));

-- Erasure also forgets the invitations addressed to the person (they hold the email).
CREATE OR REPLACE FUNCTION erase_personal_records() RETURNS void
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
  DELETE FROM invitations WHERE lower(email) = (SELECT lower(email) FROM users WHERE id = me);
END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION erase_personal_records() RETURNS void
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
DROP POLICY member_read ON organizations;
CREATE POLICY member_read ON organizations FOR SELECT
  USING (id = nullif(current_setting('app.organization_id', true), '')::uuid
         OR id IN (SELECT organization_id FROM memberships WHERE user_id = nullif(current_setting('app.user_id', true), '')::uuid));
DROP TABLE invitations;
