// Audit events: who did what to which target, from which request and address. Rows are inserted only here, and
// this module is imported only by the transactions in app/api/ (lint enforces it): a service records an event
// with `tx.audit(…)` on the transaction it was handed, which writes it in the same transaction as the change,
// in the organization the transaction acts in and attributed to the user it acts as.
import type { Executor } from "../platform/database/database.js";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  /** Never personal data: field names, roles, statuses. */
  metadata?: Record<string, unknown>;
}

/** Which request a change came from: its id and the client address (the trusted hop, see TRUST_PROXY). */
export interface RequestOrigin {
  requestId: string;
  clientIp: string | null;
}

export interface AuditOrigin extends RequestOrigin {
  organizationId: string;
  actorId: string | null;
}

export async function recordAuditEvent(db: Executor, origin: AuditOrigin, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (organization_id, actor_id, action, target_type, target_id, request_id, client_ip, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      origin.organizationId,
      origin.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      origin.requestId,
      origin.clientIp,
      entry.metadata ?? {},
    ],
  );
}
