// Reading the organization's audit trail: who did what to which target, newest first.
import { decodeCursor, page } from "../../api/cursor.js";
import { tenantRead } from "../../api/tenant-scope.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { presentAuditEvent } from "./audit-presenter.js";
import { listAuditEvents } from "./audit-repository.js";
import type { ListAuditEventsQuery } from "./audit-schemas.js";

export async function listEvents(ctx: AppContext, query: ListAuditEventsQuery) {
  const { cursor, ...filters } = query;
  const after = decodeCursor(cursor);
  return tenantRead(ctx, async (tx) => {
    const rows = await listAuditEvents(tx, {
      ...filters,
      organizationId: tx.actor.organizationId,
      ...(after ? { after } : {}),
    });
    const { items, nextCursor } = page(rows, query.limit, (row) => ({ at: row.cursor_at, id: row.id }));
    return { items: items.map(presentAuditEvent), nextCursor };
  });
}
