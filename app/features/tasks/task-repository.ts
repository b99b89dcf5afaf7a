// Tasks in SQL, always within one case of one organization (row-level security scopes them too).
import type { Executor } from "../../platform/database/database.js";
import type { TaskStatus } from "./task-schemas.js";

export interface TaskRecord {
  id: string;
  case_id: string;
  title: string;
  status: TaskStatus;
  /** YYYY-MM-DD, formatted by PostgreSQL: pg would turn a date into a local-midnight Date. */
  due_date: string | null;
  assignee_id: string | null;
  /** Bumped by every change; sent as the ETag. */
  version: number;
  created_at: Date;
  updated_at: Date;
  /** The position as text (a bigint), the list's keyset position (see `holdLiveCase`). */
  list_position: string;
}

export interface TaskChanges {
  title?: string;
  status?: TaskStatus;
  dueDate?: string | null;
  assigneeId?: string | null;
}

type TaskRow = TaskRecord & Record<string, unknown>;

const columns = `id, case_id, title, status, to_char(due_date, 'YYYY-MM-DD') AS due_date, assignee_id, version, created_at, updated_at,
  position::text AS list_position`;

const columnOf: Record<keyof TaskChanges, string> = {
  title: "title",
  status: "status",
  dueDate: "due_date",
  assigneeId: "assignee_id",
};

/**
 * Confirms the case is live in the organization and holds it until the transaction ends, so a concurrent delete of
 * the case cannot slip between this check and the task change. To add a task it is held exclusively (FOR NO KEY
 * UPDATE): additions to one case then commit one after another, each taking its position (the column's sequence
 * default) only once the previous one has committed, so positions are monotonic in commit order within the case
 * and a cursor never passes a task still to commit (decision 0098). Taken before the insert, never upgraded from
 * FOR SHARE, so two additions cannot deadlock.
 */
export async function holdLiveCase(
  db: Executor,
  organizationId: string,
  caseId: string,
  purpose: "change" | "add" = "change",
): Promise<boolean> {
  const lock = purpose === "add" ? "FOR NO KEY UPDATE" : "FOR SHARE";
  const { rowCount } = await db.query(
    `SELECT 1 FROM cases WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL ${lock}`,
    [organizationId, caseId],
  );
  return (rowCount ?? 0) > 0;
}

export async function caseIsLive(db: Executor, organizationId: string, caseId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "SELECT 1 FROM cases WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL",
    [organizationId, caseId],
  );
  return (rowCount ?? 0) > 0;
}

/** In the order they were added, like a checklist; fetches limit + 1 rows so the caller knows whether another page exists. */
export async function listTasks(
  db: Executor,
  filter: { organizationId: string; caseId: string; limit: number; afterPosition?: string; status?: TaskStatus },
): Promise<TaskRecord[]> {
  const values: unknown[] = [filter.organizationId, filter.caseId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const conditions = ["organization_id = $1", "case_id = $2"];
  if (filter.afterPosition !== undefined) conditions.push(`position > ${bind(filter.afterPosition)}::bigint`);
  if (filter.status) conditions.push(`status = ${bind(filter.status)}`);
  const { rows } = await db.query<TaskRow>(
    `SELECT ${columns} FROM tasks WHERE ${conditions.join(" AND ")} ORDER BY position LIMIT ${bind(filter.limit + 1)}`,
    values,
  );
  return rows;
}

export async function findTask(
  db: Executor,
  organizationId: string,
  caseId: string,
  taskId: string,
  options: { lock?: boolean } = {},
): Promise<TaskRecord | undefined> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${columns} FROM tasks WHERE organization_id = $1 AND case_id = $2 AND id = $3${options.lock ? " FOR UPDATE" : ""}`,
    [organizationId, caseId, taskId],
  );
  return rows[0];
}

export async function insertTask(
  db: Executor,
  input: { organizationId: string; caseId: string; title: string } & Omit<TaskChanges, "title">,
): Promise<TaskRecord> {
  const { rows } = await db.query<TaskRow>(
    `INSERT INTO tasks (organization_id, case_id, title, status, due_date, assignee_id)
     VALUES ($1, $2, $3, coalesce($4, 'todo'), $5, $6) RETURNING ${columns}`,
    [
      input.organizationId,
      input.caseId,
      input.title,
      input.status ?? null,
      input.dueDate ?? null,
      input.assigneeId ?? null,
    ],
  );
  return rows[0] as TaskRecord;
}

export async function updateTask(
  db: Executor,
  organizationId: string,
  taskId: string,
  changes: TaskChanges,
): Promise<TaskRecord> {
  const values: unknown[] = [organizationId, taskId];
  const assignments = (Object.entries(changes) as [keyof TaskChanges, unknown][]).map(
    ([field, value]) => `${columnOf[field]} = $${values.push(value)}`,
  );
  const { rows } = await db.query<TaskRow>(
    `UPDATE tasks SET ${[...assignments, "version = version + 1", "updated_at = now()"].join(", ")}
     WHERE organization_id = $1 AND id = $2 RETURNING ${columns}`,
    values,
  );
  return rows[0] as TaskRecord;
}

export async function deleteTask(db: Executor, organizationId: string, taskId: string): Promise<void> {
  await db.query("DELETE FROM tasks WHERE organization_id = $1 AND id = $2", [organizationId, taskId]);
}
