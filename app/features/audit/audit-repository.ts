// Reading the audit trail (written only through the transactions' `audit`, see app/api/audit-trail.ts).
import type { CursorPosition } from "../../api/pagination.js";
import type { Executor } from "../../platform/database/database.js";

export interface AuditEventRecord {
  id: string;
  action: string;
  actor_id: string | null;
  target_type: string;
  target_id: string | null;
  request_id: string | null;
  client_ip: string | null;
  metadata: Record<string, unknown>;
  occurred_at: Date;
  cursor_at: string;
}

export interface AuditFilter {
  organizationId: string;
  limit: number;
  after?: CursorPosition;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

const columns = `id, action, actor_id, target_type, target_id, request_id, client_ip, metadata, occurred_at,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;

/** Newest first; fetches limit + 1 rows so the caller knows whether another page exists. */
export async function listAuditEvents(db: Executor, filter: AuditFilter): Promise<AuditEventRecord[]> {
  const values: unknown[] = [filter.organizationId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const conditions = ["organization_id = $1"];
  if (filter.after)
    conditions.push(`(occurred_at, id) < (${bind(filter.after.at)}::timestamptz, ${bind(filter.after.id)}::uuid)`);
  if (filter.actorId) conditions.push(`actor_id = ${bind(filter.actorId)}`);
  if (filter.action) conditions.push(`action = ${bind(filter.action)}`);
  if (filter.targetType) conditions.push(`target_type = ${bind(filter.targetType)}`);
  if (filter.targetId) conditions.push(`target_id = ${bind(filter.targetId)}`);
  const { rows } = await db.query<AuditEventRecord & Record<string, unknown>>(
    `SELECT ${columns} FROM audit_events WHERE ${conditions.join(" AND ")} ORDER BY occurred_at DESC, id DESC LIMIT ${bind(filter.limit + 1)}`,
    values,
  );
  return rows;
}
