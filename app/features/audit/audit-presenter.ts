// An audit event as the API shows it.
import type { AuditEventRecord } from "./audit-repository.js";

export function presentAuditEvent(record: AuditEventRecord) {
  return {
    id: record.id,
    action: record.action,
    actorId: record.actor_id,
    targetType: record.target_type,
    targetId: record.target_id,
    requestId: record.request_id,
    clientIp: record.client_ip,
    metadata: record.metadata,
    occurredAt: record.occurred_at.toISOString(),
  };
}
