// The stories of tasks within a case. The case must be live in the caller's organization (else 404), an
// assignee must be a member (else 400), a change or delete must name the task's version in If-Match (428 without,
// 412 when stale); each change is audited and, once committed, reported to `onChange`.
import { requireMatchingVersion } from "../../api/conditional-requests.js";
import { decodeSequenceCursor, sequencePage, type Page } from "../../api/pagination.js";
import type { ChangeListener, TenantTransaction, TenantWriteTransaction } from "../../api/tenant-transactions.js";
import { AppError } from "../../platform/errors/app-error.js";
import { assertAssignable } from "../accounts/assignee-check.js";
import * as tasks from "./task-repository.js";
import type { TaskChanges, TaskRecord } from "./task-repository.js";
import type { CreateTaskInput, ListTasksQuery, UpdateTaskInput } from "./task-schemas.js";

export interface TaskRef {
  caseId: string;
  taskId: string;
}

export async function listTasks(
  tx: TenantTransaction,
  caseId: string,
  query: ListTasksQuery,
): Promise<Page<TaskRecord>> {
  const afterPosition = decodeSequenceCursor(query.cursor);
  const organizationId = tx.actor.organizationId;
  if (!(await tasks.caseIsLive(tx, organizationId, caseId))) throw new AppError("not_found");
  const rows = await tasks.listTasks(tx, {
    organizationId,
    caseId,
    limit: query.limit,
    ...(afterPosition !== undefined ? { afterPosition } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return sequencePage(rows, query.limit);
}

export async function getTask(tx: TenantTransaction, ref: TaskRef): Promise<TaskRecord> {
  const organizationId = tx.actor.organizationId;
  if (!(await tasks.caseIsLive(tx, organizationId, ref.caseId))) throw new AppError("not_found");
  const record = await tasks.findTask(tx, organizationId, ref.caseId, ref.taskId);
  if (!record) throw new AppError("not_found");
  return record;
}

export async function createTask(
  tx: TenantWriteTransaction,
  caseId: string,
  input: CreateTaskInput,
  onChange: ChangeListener,
  onCreated: () => void,
): Promise<TaskRecord> {
  const { organizationId } = tx.actor;
  tx.afterCommit(() => onChange(organizationId));
  tx.afterCommit(async () => onCreated());
  await holdCase(tx, caseId, "add");
  await assertAssignable(tx, organizationId, input.assigneeId);
  const record = await tasks.insertTask(tx, { ...input, organizationId, caseId });
  await tx.audit({ action: "task.created", targetType: "task", targetId: record.id, metadata: { caseId } });
  return record;
}

/** Changes only what differs; a request that changes nothing answers the task as it is, unaudited. */
export async function updateTask(
  tx: TenantWriteTransaction,
  change: TaskRef & { input: UpdateTaskInput; ifMatch: string | undefined },
  onChange: ChangeListener,
): Promise<TaskRecord> {
  const { input, ...ref } = change;
  tx.afterCommit(() => onChange(tx.actor.organizationId));
  const current = await lockForChange(tx, ref, change.ifMatch);
  const changes = changedFields(current, input);
  const changed = Object.keys(changes);
  if (changed.length === 0) return current;
  if (changes.assigneeId !== undefined) await assertAssignable(tx, tx.actor.organizationId, changes.assigneeId);
  const record = await tasks.updateTask(tx, tx.actor.organizationId, ref.taskId, changes);
  await tx.audit({
    action: "task.updated",
    targetType: "task",
    targetId: ref.taskId,
    metadata: { caseId: ref.caseId, changed },
  });
  return record;
}

export async function deleteTask(
  tx: TenantWriteTransaction,
  target: TaskRef & { ifMatch: string | undefined },
  onChange: ChangeListener,
): Promise<void> {
  const { ifMatch, ...ref } = target;
  tx.afterCommit(() => onChange(tx.actor.organizationId));
  await lockForChange(tx, ref, ifMatch);
  await tasks.deleteTask(tx, tx.actor.organizationId, ref.taskId);
  await tx.audit({
    action: "task.deleted",
    targetType: "task",
    targetId: ref.taskId,
    metadata: { caseId: ref.caseId },
  });
}

async function holdCase(tx: TenantTransaction, caseId: string, purpose: "change" | "add" = "change"): Promise<void> {
  if (!(await tasks.holdLiveCase(tx, tx.actor.organizationId, caseId, purpose))) throw new AppError("not_found");
}

/** The task, locked for this transaction in its held live case, provided If-Match still names its version. */
async function lockForChange(tx: TenantTransaction, ref: TaskRef, ifMatch: string | undefined): Promise<TaskRecord> {
  await holdCase(tx, ref.caseId);
  const current = await tasks.findTask(tx, tx.actor.organizationId, ref.caseId, ref.taskId, { lock: true });
  if (!current) throw new AppError("not_found");
  requireMatchingVersion(ifMatch, current.version, "task");
  return current;
}

function changedFields(current: TaskRecord, input: UpdateTaskInput): TaskChanges {
  const changes: TaskChanges = {};
  if (input.title !== undefined && input.title !== current.title) changes.title = input.title;
  if (input.status !== undefined && input.status !== current.status) changes.status = input.status;
  if (input.dueDate !== undefined && input.dueDate !== current.due_date) changes.dueDate = input.dueDate;
  if (input.assigneeId !== undefined && input.assigneeId !== current.assignee_id) changes.assigneeId = input.assigneeId;
  return changes;
}
