// Reads and erases what the API holds about one person, organization by organization (each under its own
// row-level-security context within the caller's transaction).
import type { Executor } from "../../platform/database/database.js";

export async function sessionsOf(db: Executor, userId: string) {
  const { rows } = await db.query(
    `SELECT organization_id AS "organizationId", created_at AS "createdAt", expires_at AS "expiresAt",
            used_at AS "usedAt", revoked_at AS "revokedAt"
     FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at`,
    [userId],
  );
  return rows;
}

export async function personalRecordsIn(db: Executor, userId: string) {
  const cases = await db.query(
    `SELECT id, reference, title, description, status, priority, assignee_id AS "assigneeId", created_by AS "createdBy",
            created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt"
     FROM cases WHERE created_by = $1 OR assignee_id = $1 ORDER BY created_at`,
    [userId],
  );
  const tasks = await db.query(
    `SELECT id, case_id AS "caseId", title, status, due_date::text AS "dueDate", created_at AS "createdAt"
     FROM tasks WHERE assignee_id = $1 ORDER BY created_at`,
    [userId],
  );
  const auditEvents = await db.query(
    `SELECT action, target_type AS "targetType", target_id AS "targetId", request_id AS "requestId",
            client_ip AS "clientIp", metadata, occurred_at AS "occurredAt"
     FROM audit_events WHERE actor_id = $1 OR (target_type = 'user' AND target_id = $1) ORDER BY occurred_at`,
    [userId],
  );
  return { cases: cases.rows, tasks: tasks.rows, auditEvents: auditEvents.rows };
}

/** In one organization: unassign the person and strip personal data (address, details) from audit rows. */
export async function erasePersonalRecordsIn(db: Executor, userId: string): Promise<void> {
  await db.query(
    "UPDATE cases SET assignee_id = NULL, updated_at = now(), version = version + 1 WHERE assignee_id = $1",
    [userId],
  );
  await db.query("UPDATE tasks SET assignee_id = NULL, updated_at = now() WHERE assignee_id = $1", [userId]);
  await db.query(
    "UPDATE audit_events SET client_ip = NULL, metadata = '{}' WHERE actor_id = $1 OR (target_type = 'user' AND target_id = $1)",
    [userId],
  );
}
