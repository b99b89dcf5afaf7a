// Reads and erases what the API holds about one person. Records in organizations the person no longer belongs to
// are reached through two definer functions bound to the caller's own app.user_id (see the migration).
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

export interface PersonalRecords {
  cases: Record<string, unknown>[];
  tasks: Record<string, unknown>[];
  auditEvents: Record<string, unknown>[];
}

/** The caller's (app.user_id) cases, tasks and audit events in every organization, including ones they left. */
export async function personalRecords(db: Executor): Promise<PersonalRecords> {
  const { rows } = await db.query<{ records: PersonalRecords }>("SELECT personal_records() AS records");
  return rows[0]?.records ?? { cases: [], tasks: [], auditEvents: [] };
}

/** In every organization: unassign the caller and strip address and details from the audit rows about them. */
export async function erasePersonalRecords(db: Executor): Promise<void> {
  await db.query("SELECT erase_personal_records()");
}
