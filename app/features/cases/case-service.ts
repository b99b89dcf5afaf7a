// The stories of cases: list and search, open, read, change under optimistic concurrency, and close for good
// (soft delete). Every change is audited in its transaction and, once committed, reported to `onChange` (the
// route table wires the dashboard there).
import { requireMatchingVersion } from "../../api/conditional-requests.js";
import { decodeSequenceCursor, sequencePage, type Page } from "../../api/pagination.js";
import type { ChangeListener, TenantTransaction, TenantWriteTransaction } from "../../api/tenant-transactions.js";
import { AppError } from "../../platform/errors/app-error.js";
import { assertAssignable } from "../accounts/assignee-check.js";
import * as cases from "./case-repository.js";
import type { CaseChanges, CaseRecord } from "./case-repository.js";
import type { CreateCaseInput, ListCasesQuery, UpdateCaseInput } from "./case-schemas.js";

export async function listCases(tx: TenantTransaction, query: ListCasesQuery): Promise<Page<CaseRecord>> {
  const afterReference = decodeSequenceCursor(query.cursor);
  const rows = await cases.listCases(tx, {
    organizationId: tx.actor.organizationId,
    limit: query.limit,
    ...(afterReference !== undefined ? { afterReference } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { q: query.q } : {}),
  });
  return sequencePage(rows, query.limit);
}

export async function getCase(tx: TenantTransaction, caseId: string): Promise<CaseRecord> {
  const record = await cases.findCase(tx, tx.actor.organizationId, caseId);
  if (!record) throw new AppError("not_found");
  return record;
}

export async function createCase(
  tx: TenantWriteTransaction,
  input: CreateCaseInput,
  onChange: ChangeListener,
  onCreated: () => void,
): Promise<CaseRecord> {
  const { organizationId } = tx.actor;
  tx.afterCommit(() => onChange(organizationId));
  tx.afterCommit(async () => onCreated());
  await assertAssignable(tx, organizationId, input.assigneeId);
  const record = await cases.insertCaseWithNextReference(tx, { ...input, organizationId, createdBy: tx.actor.userId });
  await tx.audit({
    action: "case.created",
    targetType: "case",
    targetId: record.id,
    metadata: { reference: record.reference },
  });
  return record;
}

/** Changes only what differs; a request that changes nothing answers the case as it is, unversioned and unaudited. */
export async function updateCase(
  tx: TenantWriteTransaction,
  change: { caseId: string; input: UpdateCaseInput; ifMatch: string | undefined },
  onChange: ChangeListener,
): Promise<CaseRecord> {
  const { caseId } = change;
  tx.afterCommit(() => onChange(tx.actor.organizationId));
  const current = await lockForChange(tx, caseId, change.ifMatch);
  const changes = changedFields(current, change.input);
  const changed = Object.keys(changes);
  if (changed.length === 0) return current;
  if (changes.assigneeId !== undefined) await assertAssignable(tx, tx.actor.organizationId, changes.assigneeId);
  const record = await cases.updateCase(tx, tx.actor.organizationId, caseId, changes);
  await tx.audit({ action: "case.updated", targetType: "case", targetId: caseId, metadata: { changed } });
  return record;
}

export async function deleteCase(
  tx: TenantWriteTransaction,
  target: { caseId: string; ifMatch: string | undefined },
  onChange: ChangeListener,
): Promise<void> {
  tx.afterCommit(() => onChange(tx.actor.organizationId));
  await lockForChange(tx, target.caseId, target.ifMatch);
  await cases.softDeleteCase(tx, tx.actor.organizationId, target.caseId);
  await tx.audit({ action: "case.deleted", targetType: "case", targetId: target.caseId });
}

/** The live case, locked for this transaction, provided the client's If-Match still names its version. */
async function lockForChange(tx: TenantTransaction, caseId: string, ifMatch: string | undefined): Promise<CaseRecord> {
  const current = await cases.findCase(tx, tx.actor.organizationId, caseId, { lock: true });
  if (!current) throw new AppError("not_found");
  requireMatchingVersion(ifMatch, current.version, "case");
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
