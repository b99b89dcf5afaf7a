// Reading the organization's audit trail: who did what to which target, newest first.
import { decodeCursor, page, type Page } from "../../api/pagination.js";
import type { TenantTransaction } from "../../api/tenant-transactions.js";
import { listAuditEvents, type AuditEventRecord } from "./audit-repository.js";
import type { ListAuditEventsQuery } from "./audit-schemas.js";

export async function listEvents(tx: TenantTransaction, query: ListAuditEventsQuery): Promise<Page<AuditEventRecord>> {
  const { cursor, ...filters } = query;
  const after = decodeCursor(cursor);
  const rows = await listAuditEvents(tx, {
    ...filters,
    organizationId: tx.actor.organizationId,
    ...(after ? { after } : {}),
  });
  return page(rows, query.limit);
}
