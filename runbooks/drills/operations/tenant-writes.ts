// The statements of a tenant restore, run inside the confined transaction (tenant-restore.ts): upserts from the
// copy's rows, deletions in replace mode, audit rows appended, and the verification that the live rows now hold
// what the copy held. Rows travel as one jsonb parameter per batch and are rebuilt with jsonb_populate_recordset,
// so every value keeps its exact type.
import type pg from "pg";
import { quoteIdentifier } from "../support/pg-session.js";
import {
  canonicalRow,
  reapplyErasures,
  restoreTables,
  rowKey,
  type Erasures,
  type RestoreMode,
  type RestoreTable,
  type TableRow,
} from "./tenant-tables.js";

export interface TableCounts {
  fromCopy: number;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface ApplyScope {
  mode: RestoreMode;
  organizationId: string;
  organizationExists: boolean;
}

const batchSize = 500;

export async function applyTable(
  client: pg.Client,
  table: RestoreTable,
  rows: TableRow[],
  scope: ApplyScope,
): Promise<TableCounts> {
  const counts: TableCounts = { fromCopy: rows.length, inserted: 0, updated: 0, deleted: 0 };
  const name = quoteIdentifier(table.name);
  if (table.kind === "organization" && scope.organizationExists) {
    // Case references are never handed out twice: the counter only moves forward.
    const copyNext = Number(rows[0]?.next_case_reference ?? 1);
    const { rowCount } = await client.query(
      `UPDATE ${name} SET next_case_reference = $2 WHERE id = $1 AND next_case_reference < $2`,
      [scope.organizationId, copyNext],
    );
    counts.updated = rowCount ?? 0;
    return counts;
  }
  const columns = await insertableColumns(client, table.name);
  const list = columns.map(quoteIdentifier).join(", ");
  const conflict = table.key.map(quoteIdentifier).join(", ");
  const onConflict =
    table.kind === "data"
      ? `DO UPDATE SET ${columns.map((c) => `${quoteIdentifier(c)} = EXCLUDED.${quoteIdentifier(c)}`).join(", ")}
         WHERE (${columns.map((c) => `${name}.${quoteIdentifier(c)}`).join(", ")})
               IS DISTINCT FROM (${columns.map((c) => `EXCLUDED.${quoteIdentifier(c)}`).join(", ")})`
      : "DO NOTHING";
  for (let start = 0; start < rows.length; start += batchSize) {
    const { rows: written } = await client.query<{ inserted: boolean }>(
      `INSERT INTO ${name} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${name}, $1::jsonb)
       ON CONFLICT (${conflict}) ${onConflict} RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(rows.slice(start, start + batchSize))],
    );
    counts.inserted += written.filter((row) => row.inserted).length;
    counts.updated += written.filter((row) => !row.inserted).length;
  }
  if (table.kind === "data" && scope.mode === "replace")
    counts.deleted = await deleteOthers(client, table, rows, scope);
  return counts;
}

/** Replace mode: the organization's rows of `table` that the copy does not hold (created after the target). */
async function deleteOthers(client: pg.Client, table: RestoreTable, rows: TableRow[], scope: ApplyScope) {
  const { rowCount } = await client.query(
    `DELETE FROM ${quoteIdentifier(table.name)} WHERE organization_id = $1 AND NOT (id = ANY($2::uuid[]))`,
    [scope.organizationId, rows.map((row) => row.id)],
  );
  return rowCount ?? 0;
}

async function insertableColumns(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname::text AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [`public.${quoteIdentifier(table)}`],
  );
  return rows.map((row) => row.name);
}

/**
 * Inside the transaction, before it commits: every row the copy held (erasures re-applied) is in the live database
 * with the same content; in replace mode the data tables hold nothing else. The organization's own row is only
 * checked for presence (its name and counter may rightly have moved on).
 */
export async function verifyRestore(
  client: pg.Client,
  scope: ApplyScope,
  copy: Map<string, TableRow[]>,
  erasures: Erasures,
): Promise<void> {
  const problems: string[] = [];
  for (const table of restoreTables) {
    if (table.kind === "access" && scope.organizationExists) continue;
    const expected = reapplyErasures(table.name, copy.get(table.name) ?? [], erasures).rows;
    const live = await liveRows(client, table, scope.organizationId);
    const contentMatters = !(table.kind === "organization" && scope.organizationExists);
    let missing = 0;
    let changed = 0;
    for (const row of expected) {
      const found = live.get(rowKey(table, row));
      if (found === undefined) missing++;
      else if (contentMatters && found !== canonicalRow(row)) changed++;
    }
    const extra = table.kind === "data" && scope.mode === "replace" ? live.size - (expected.length - missing) : 0;
    if (missing + changed + extra > 0)
      problems.push(`${table.name}: ${missing} missing, ${changed} differ, ${extra} extra`);
  }
  if (problems.length > 0) throw new Error(`restore did not verify, rolled back: ${problems.join("; ")}`);
}

async function liveRows(client: pg.Client, table: RestoreTable, organizationId: string): Promise<Map<string, string>> {
  const column = table.name === "organizations" ? "id" : "organization_id";
  const { rows } = await client.query<{ row: TableRow }>(
    `SELECT to_jsonb(t) AS row FROM ${quoteIdentifier(table.name)} t WHERE t.${column} = $1`,
    [organizationId],
  );
  return new Map(rows.map(({ row }) => [rowKey(table, row), canonicalRow(row)]));
}
