// The figures behind the dashboard, each one query over the organization's live data.
import type { Executor } from "../../platform/database/database.js";
import { caseStatuses, type CaseStatus } from "../cases/index.js";

export type CasesByStatus = Record<CaseStatus, number>;

export async function countCasesByStatus(db: Executor, organizationId: string): Promise<CasesByStatus> {
  const { rows } = await db.query<{ status: CaseStatus; count: number }>(
    "SELECT status, count(*)::int AS count FROM cases WHERE organization_id = $1 AND deleted_at IS NULL GROUP BY status",
    [organizationId],
  );
  const counts = Object.fromEntries(caseStatuses.map((status) => [status, 0])) as CasesByStatus;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

/** Tasks not done, and those of them past their due date (by the database's calendar), in live cases only. */
export async function countOpenTasks(db: Executor, organizationId: string): Promise<{ open: number; overdue: number }> {
  const { rows } = await db.query<{ open: number; overdue: number }>(
    `SELECT count(*)::int AS open, count(*) FILTER (WHERE t.due_date < current_date)::int AS overdue
     FROM tasks t JOIN cases c ON c.id = t.case_id AND c.organization_id = t.organization_id AND c.deleted_at IS NULL
     WHERE t.organization_id = $1 AND t.status <> 'done'`,
    [organizationId],
  );
  return rows[0] ?? { open: 0, overdue: 0 };
}

export interface ActivityRecord {
  action: string;
  target_type: string;
  target_id: string | null;
  actor_id: string | null;
  occurred_at: Date;
}

export async function recentActivity(db: Executor, organizationId: string, limit: number): Promise<ActivityRecord[]> {
  const { rows } = await db.query<ActivityRecord & Record<string, unknown>>(
    // Work on cases and tasks only, which every member may see: the rest of the trail (logins, role changes)
    // is for admins, through GET /audit-events.
    `SELECT action, target_type, target_id, actor_id, occurred_at FROM audit_events
     WHERE organization_id = $1 AND target_type IN ('case', 'task') ORDER BY occurred_at DESC, id DESC LIMIT $2`,
    [organizationId, limit],
  );
  return rows;
}
