// Organizations (tenants). Row-level security shows a transaction only its own organization.
import type { Executor } from "../../platform/database/database.js";

export interface OrganizationRecord {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

const columns = "id, name, created_at, updated_at";

export async function insertOrganization(db: Executor, id: string, name: string): Promise<OrganizationRecord> {
  const { rows } = await db.query<OrganizationRecord & Record<string, unknown>>(
    `INSERT INTO organizations (id, name) VALUES ($1, $2) RETURNING ${columns}`,
    [id, name],
  );
  return rows[0] as OrganizationRecord;
}

export async function findOrganization(db: Executor, id: string): Promise<OrganizationRecord | undefined> {
  const { rows } = await db.query<OrganizationRecord & Record<string, unknown>>(
    `SELECT ${columns} FROM organizations WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function renameOrganization(
  db: Executor,
  id: string,
  name: string,
): Promise<OrganizationRecord | undefined> {
  const { rows } = await db.query<OrganizationRecord & Record<string, unknown>>(
    `UPDATE organizations SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
    [id, name],
  );
  return rows[0];
}

export async function deleteOrganization(db: Executor, id: string): Promise<void> {
  await db.query("DELETE FROM organizations WHERE id = $1", [id]);
}
