-- Up Migration
-- GET /audit-events?targetId=… (a case's or task's history) would otherwise walk the organization's whole trail
-- in the listing index; this one goes straight to the target's events, newest first.
CREATE INDEX audit_events_target ON audit_events (organization_id, target_id, occurred_at DESC, id DESC);

-- Down Migration
DROP INDEX audit_events_target;
