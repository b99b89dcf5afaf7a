// Cases in SQL. Every query names its organization even though row-level security already scopes it: two
// layers, so neither a missing policy nor a missing WHERE alone can leak another tenant's cases.
import type { Executor } from "../../platform/database/database.js";
import type { CasePriority, CaseStatus } from "./case-schemas.js";

export interface CaseRecord {
  id: string;
  reference: number;
  title: string;
  description: string;
  status: CaseStatus;
  priority: CasePriority;
  assignee_id: string | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** The reference as text, the list's keyset position (see `insertCaseWithNextReference`). */
  list_position: string;
}

/** The columns a PATCH may change, by their API names. */
export interface CaseChanges {
  title?: string;
  description?: string;
  status?: CaseStatus;
  priority?: CasePriority;
  assigneeId?: string | null;
}

type CaseRow = CaseRecord & Record<string, unknown>;

const columns = `id, reference, title, description, status, priority, assignee_id, created_by, version, created_at, updated_at,
  reference::text AS list_position`;

const columnOf: Record<keyof CaseChanges, string> = {
  title: "title",
  description: "description",
  status: "status",
  priority: "priority",
  assigneeId: "assignee_id",
};

export interface CaseFilter {
  organizationId: string;
  limit: number;
  /** The reference of the last case of the previous page. */
  afterReference?: string;
  status?: CaseStatus;
  q?: string;
}

/**
 * Newest first by reference, which is monotonic in commit order within an organization, so a cursor never passes
 * a case still to commit. Fetches limit + 1 rows so the caller knows whether another page exists.
 */
export async function listCases(db: Executor, filter: CaseFilter): Promise<CaseRecord[]> {
  const conditions = ["organization_id = $1", "deleted_at IS NULL"];
  const values: unknown[] = [filter.organizationId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  if (filter.afterReference !== undefined) conditions.push(`reference < ${bind(filter.afterReference)}::bigint`);
  if (filter.status) conditions.push(`status = ${bind(filter.status)}`);
  if (filter.q) conditions.push(`search @@ websearch_to_tsquery('simple', ${bind(filter.q)})`);
  const { rows } = await db.query<CaseRow>(
    `SELECT ${columns} FROM cases WHERE ${conditions.join(" AND ")} ORDER BY reference DESC LIMIT ${bind(filter.limit + 1)}`,
    values,
  );
  return rows;
}

export async function findCase(
  db: Executor,
  organizationId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<CaseRecord | undefined> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${columns} FROM cases WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL${options.lock ? " FOR UPDATE" : ""}`,
    [organizationId, id],
  );
  return rows[0];
}

/**
 * Inserts the case under the organization's next reference number, taken from the organization row in the same
 * statement. That row's lock serialises creations within one organization until the transaction ends, so taking it
 * in the insert itself keeps one round trip out of the locked section. It also makes references monotonic in
 * commit order: the next creation takes its number only after this one committed (or rolled back), which is what
 * the list's cursor relies on (decision 0098).
 */
export async function insertCaseWithNextReference(
  db: Executor,
  input: { organizationId: string; createdBy: string } & Required<Pick<CaseChanges, "title">> & CaseChanges,
): Promise<CaseRecord> {
  const { rows } = await db.query<CaseRow>(
    `WITH taken AS (
       UPDATE organizations SET next_case_reference = next_case_reference + 1 WHERE id = $1
       RETURNING next_case_reference - 1 AS reference
     )
     INSERT INTO cases (organization_id, reference, title, description, status, priority, assignee_id, created_by)
     SELECT $1::uuid, taken.reference, $2::text, coalesce($3::text, ''), coalesce($4::text, 'open'), coalesce($5::text, 'normal'),
       $6::uuid, $7::uuid
     FROM taken RETURNING ${columns}`,
    [
      input.organizationId,
      input.title,
      input.description ?? null,
      input.status ?? null,
      input.priority ?? null,
      input.assigneeId ?? null,
      input.createdBy,
    ],
  );
  const record = rows[0];
  if (!record) throw new Error("the caller's organization is not visible to its own transaction");
  return record;
}

/** Applies the given changes and bumps the version; the caller has locked the row and checked it exists. */
export async function updateCase(
  db: Executor,
  organizationId: string,
  id: string,
  changes: CaseChanges,
): Promise<CaseRecord> {
  const values: unknown[] = [organizationId, id];
  const assignments = (Object.entries(changes) as [keyof CaseChanges, unknown][]).map(
    ([field, value]) => `${columnOf[field]} = $${values.push(value)}`,
  );
  const { rows } = await db.query<CaseRow>(
    `UPDATE cases SET ${[...assignments, "version = version + 1", "updated_at = now()"].join(", ")}
     WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${columns}`,
    values,
  );
  return rows[0] as CaseRecord;
}

/** Soft delete: the row stays for the audit trail; every read treats it as gone. */
export async function softDeleteCase(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE cases SET deleted_at = now(), version = version + 1, updated_at = now() WHERE organization_id = $1 AND id = $2 AND deleted_at IS NULL",
    [organizationId, id],
  );
  return (rowCount ?? 0) > 0;
}
