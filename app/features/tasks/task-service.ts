// The stories of tasks within a case. The case must be live in the caller's organization (else 404), an
// assignee must be a member (else 400); each change is audited and then invalidates the dashboard.
import type { ApiContext } from "../../api/api-context.js";
import { decodeCursor, page } from "../../api/cursor.js";
import { requireCaller, tenantRead, tenantWrite, type TenantTransaction } from "../../api/tenant-scope.js";
import { AppError } from "../../platform/errors/app-error.js";
import type { AppContext } from "../../platform/http/app-state.js";
import { assertAssignable } from "../cases/assignee-check.js";
import { invalidateDashboard } from "../dashboard/dashboard-cache.js";
import { presentTask, type TaskView } from "./task-presenter.js";
import * as tasks from "./task-repository.js";
import type { TaskChanges, TaskRecord } from "./task-repository.js";
import type { CreateTaskInput, ListTasksQuery, UpdateTaskInput } from "./task-schemas.js";

export async function listTasks(ctx: AppContext, caseId: string, query: ListTasksQuery) {
  const after = decodeCursor(query.cursor);
  return tenantRead(ctx, async (tx) => {
    const organizationId = tx.actor.organizationId;
    if (!(await tasks.caseIsLive(tx, organizationId, caseId))) throw new AppError("not_found");
    const rows = await tasks.listTasks(tx, {
      organizationId,
      caseId,
      limit: query.limit,
      ...(after ? { after } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    const { items, nextCursor } = page(rows, query.limit, (row) => ({ at: row.cursor_at, id: row.id }));
    return { items: items.map(presentTask), nextCursor };
  });
}

export async function createTask(
  api: ApiContext,
  ctx: AppContext,
  caseId: string,
  input: CreateTaskInput,
): Promise<TaskView> {
  const created = await tenantWrite(ctx, async (tx) => {
    const organizationId = tx.actor.organizationId;
    await holdCase(tx, caseId);
    await assertAssignable(tx, organizationId, input.assigneeId);
    const record = await tasks.insertTask(tx, { ...input, organizationId, caseId });
    return {
      result: record,
      audit: [{ action: "task.created", targetType: "task", targetId: record.id, metadata: { caseId } }],
    };
  });
  api.metrics.tasksCreated.inc();
  await afterWrite(api, ctx);
  return presentTask(created);
}

/** Changes only what differs; a request that changes nothing answers the task as it is, unaudited. */
export async function updateTask(
  api: ApiContext,
  ctx: AppContext,
  caseId: string,
  taskId: string,
  input: UpdateTaskInput,
): Promise<TaskView> {
  const updated = await tenantWrite(ctx, async (tx) => {
    const current = await lockTask(tx, caseId, taskId);
    const changes = changedFields(current, input);
    const changed = Object.keys(changes);
    if (changed.length === 0) return { result: current, audit: [] };
    if (changes.assigneeId !== undefined) await assertAssignable(tx, tx.actor.organizationId, changes.assigneeId);
    const record = await tasks.updateTask(tx, tx.actor.organizationId, taskId, changes);
    return {
      result: record,
      audit: [{ action: "task.updated", targetType: "task", targetId: taskId, metadata: { caseId, changed } }],
    };
  });
  await afterWrite(api, ctx);
  return presentTask(updated);
}

export async function deleteTask(api: ApiContext, ctx: AppContext, caseId: string, taskId: string): Promise<void> {
  await tenantWrite(ctx, async (tx) => {
    await lockTask(tx, caseId, taskId);
    await tasks.deleteTask(tx, tx.actor.organizationId, taskId);
    return {
      result: undefined,
      audit: [{ action: "task.deleted", targetType: "task", targetId: taskId, metadata: { caseId } }],
    };
  });
  await afterWrite(api, ctx);
}

async function holdCase(tx: TenantTransaction, caseId: string): Promise<void> {
  if (!(await tasks.holdLiveCase(tx, tx.actor.organizationId, caseId))) throw new AppError("not_found");
}

async function lockTask(tx: TenantTransaction, caseId: string, taskId: string): Promise<TaskRecord> {
  await holdCase(tx, caseId);
  const current = await tasks.findTask(tx, tx.actor.organizationId, caseId, taskId);
  if (!current) throw new AppError("not_found");
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

async function afterWrite(api: ApiContext, ctx: AppContext): Promise<void> {
  await invalidateDashboard(api.cache, requireCaller(ctx).organizationId);
}
