// The stories of cases: list and search, open, read, change under optimistic concurrency, and close for good
// (soft delete). Every change is audited in its own transaction and then invalidates the dashboard.
import type { ApiContext } from "../../api/api-context.js";
import { decodeCursor, page } from "../../api/cursor.js";
import { requireCaller, tenantRead, tenantWrite, type TenantTransaction } from "../../api/tenant-scope.js";
import { AppError } from "../../platform/errors/app-error.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { invalidateDashboard } from "../dashboard/dashboard-cache.js";
import { assertAssignable } from "./assignee-check.js";
import { entityTag, ifMatchAllows, presentCase, type CaseView } from "./case-presenter.js";
import * as cases from "./case-repository.js";
import type { CaseChanges, CaseRecord } from "./case-repository.js";
import type { CreateCaseInput, ListCasesQuery, UpdateCaseInput } from "./case-schemas.js";

export async function listCases(ctx: AppContext, query: ListCasesQuery) {
  const after = decodeCursor(query.cursor);
  return tenantRead(ctx, async (tx) => {
    const rows = await cases.listCases(tx, {
      organizationId: tx.actor.organizationId,
      limit: query.limit,
      ...(after ? { after } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.q ? { q: query.q } : {}),
    });
    const { items, nextCursor } = page(rows, query.limit, (row) => ({ at: row.cursor_at, id: row.id }));
    return { items: items.map(presentCase), nextCursor };
  });
}

export async function getCase(ctx: AppContext, caseId: string): Promise<CaseView> {
  const record = await tenantRead(ctx, (tx) => cases.findCase(tx, tx.actor.organizationId, caseId));
  if (!record) throw new AppError("not_found");
  return presentCase(record);
}

export async function createCase(api: ApiContext, ctx: AppContext, input: CreateCaseInput): Promise<CaseView> {
  const created = await tenantWrite(ctx, async (tx) => {
    const organizationId = tx.actor.organizationId;
    await assertAssignable(tx, organizationId, input.assigneeId);
    const record = await cases.insertCaseWithNextReference(tx, {
      ...input,
      organizationId,
      createdBy: tx.actor.userId,
    });
    return {
      result: record,
      audit: [
        { action: "case.created", targetType: "case", targetId: record.id, metadata: { reference: record.reference } },
      ],
    };
  });
  api.metrics.casesCreated.inc();
  await afterWrite(api, ctx);
  return presentCase(created);
}

/** Changes only what differs; a request that changes nothing answers the case as it is, unversioned and unaudited. */
export async function updateCase(
  api: ApiContext,
  ctx: AppContext,
  caseId: string,
  input: UpdateCaseInput,
  ifMatch: string | undefined,
): Promise<CaseView> {
  const updated = await tenantWrite(ctx, async (tx) => {
    const current = await lockForChange(tx, caseId, ifMatch);
    const changes = changedFields(current, input);
    const changed = Object.keys(changes);
    if (changed.length === 0) return { result: current, audit: [] };
    if (changes.assigneeId !== undefined) await assertAssignable(tx, tx.actor.organizationId, changes.assigneeId);
    const record = await cases.updateCase(tx, tx.actor.organizationId, caseId, changes);
    return {
      result: record,
      audit: [{ action: "case.updated", targetType: "case", targetId: caseId, metadata: { changed } }],
    };
  });
  await afterWrite(api, ctx);
  return presentCase(updated);
}

export async function deleteCase(
  api: ApiContext,
  ctx: AppContext,
  caseId: string,
  ifMatch: string | undefined,
): Promise<void> {
  await tenantWrite(ctx, async (tx) => {
    await lockForChange(tx, caseId, ifMatch);
    await cases.softDeleteCase(tx, tx.actor.organizationId, caseId);
    return { result: undefined, audit: [{ action: "case.deleted", targetType: "case", targetId: caseId }] };
  });
  await afterWrite(api, ctx);
}

/** The live case, locked for this transaction, provided the client's If-Match still names its version. */
async function lockForChange(tx: TenantTransaction, caseId: string, ifMatch: string | undefined): Promise<CaseRecord> {
  const current = await cases.findCase(tx, tx.actor.organizationId, caseId, { lock: true });
  if (!current) throw new AppError("not_found");
  if (!ifMatchAllows(ifMatch, current.version)) {
    throw new AppError("precondition_failed", {
      detail: `The case is now at version ${current.version}; read it again and reapply your change.`,
      headers: { ETag: entityTag(current.version) },
    });
  }
  return current;
}

function changedFields(current: CaseRecord, input: UpdateCaseInput): CaseChanges {
  const changes: CaseChanges = {};
  if (input.title !== undefined && input.title !== current.title) changes.title = input.title;
  if (input.description !== undefined && input.description !== current.description)
    changes.description = input.description;
  if (input.status !== undefined && input.status !== current.status) changes.status = input.status;
  if (input.priority !== undefined && input.priority !== current.priority) changes.priority = input.priority;
  if (input.assigneeId !== undefined && input.assigneeId !== current.assignee_id) changes.assigneeId = input.assigneeId;
  return changes;
}

/** Runs once the transaction has committed, so the next dashboard read sees the change. */
async function afterWrite(api: ApiContext, ctx: AppContext): Promise<void> {
  await invalidateDashboard(api.cache, requireCaller(ctx).organizationId);
}
