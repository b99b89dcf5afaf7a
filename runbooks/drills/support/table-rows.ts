// Row-for-row pictures of the app's tables, to prove a recovered or restored database holds exactly what it held.
// Every row is kept as its jsonb text (keys sorted by PostgreSQL, so two servers render equal rows equally) under
// its primary key. Read with a login that sees every row (a superuser or BYPASSRLS), or the picture is partial.
import type pg from "pg";
import { quoteIdentifier } from "./pg-session.js";

export interface TableInfo {
  name: string;
  primaryKey: string[];
  /** The column naming the row's organization (`organization_id`, or `id` for organizations); null for shared tables. */
  organizationColumn: string | null;
}

/** table → primary key (as JSON text) → row (as jsonb text) */
export type RowSnapshot = Map<string, Map<string, string>>;

export async function listTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<{ name: string; primary_key: string[] | null; has_org: boolean }>(
    `SELECT c.relname::text AS name,
            (SELECT array_agg(a.attname::text ORDER BY k.ord)
               FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key,
            EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id'
                      AND NOT a.attisdropped) AS has_org
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY c.relname`,
  );
  return rows.map((row) => {
    if (!row.primary_key) throw new Error(`table ${row.name} has no primary key: rows cannot be compared`);
    const organizationColumn = row.has_org ? "organization_id" : row.name === "organizations" ? "id" : null;
    return { name: row.name, primaryKey: row.primary_key, organizationColumn };
  });
}

export interface SnapshotFilter {
  /** Only rows of this organization (shared tables are left out). */
  organizationId?: string;
  /** Every row except this organization's (shared tables included whole). */
  exceptOrganizationId?: string;
}

export async function snapshotRows(client: pg.Client, filter: SnapshotFilter = {}): Promise<RowSnapshot> {
  const snapshot: RowSnapshot = new Map();
  for (const table of await listTables(client)) {
    const where = rowFilter(table, filter);
    if (where === undefined) continue;
    const key = `jsonb_build_array(${table.primaryKey.map((column) => `t.${quoteIdentifier(column)}`).join(", ")})`;
    const { rows } = await client.query<{ key: string; row: string }>(
      `SELECT ${key}::text AS key, to_jsonb(t)::text AS row FROM ${quoteIdentifier(table.name)} t ${where.sql}`,
      where.params,
    );
    snapshot.set(table.name, new Map(rows.map((row) => [row.key, row.row])));
  }
  return snapshot;
}

function rowFilter(table: TableInfo, filter: SnapshotFilter): { sql: string; params: unknown[] } | undefined {
  const column = table.organizationColumn ? `t.${quoteIdentifier(table.organizationColumn)}` : undefined;
  if (filter.organizationId) {
    return column ? { sql: `WHERE ${column} = $1`, params: [filter.organizationId] } : undefined;
  }
  if (filter.exceptOrganizationId && column) {
    return { sql: `WHERE ${column} IS DISTINCT FROM $1`, params: [filter.exceptOrganizationId] };
  }
  return { sql: "", params: [] };
}

export interface SnapshotDifference {
  /** Rows in the expected picture. */
  rows: number;
  /** Expected rows absent from the actual picture. */
  missing: number;
  /** Rows present in both under the same key but with different content. */
  changed: number;
  /** Rows in the actual picture that were not expected. */
  extra: number;
  /** `table: missing/changed/extra` for every table that differs, for the failure message. */
  details: string[];
}

export function compareSnapshots(expected: RowSnapshot, actual: RowSnapshot): SnapshotDifference {
  const difference: SnapshotDifference = { rows: 0, missing: 0, changed: 0, extra: 0, details: [] };
  for (const table of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(table) ?? new Map<string, string>();
    const have = actual.get(table) ?? new Map<string, string>();
    let missing = 0;
    let changed = 0;
    for (const [key, row] of want) {
      const found = have.get(key);
      if (found === undefined) missing++;
      else if (found !== row) changed++;
    }
    const extra = [...have.keys()].filter((key) => !want.has(key)).length;
    difference.rows += want.size;
    difference.missing += missing;
    difference.changed += changed;
    difference.extra += extra;
    if (missing + changed + extra > 0) difference.details.push(`${table}: ${missing}/${changed}/${extra}`);
  }
  return difference;
}

export function countRows(snapshot: RowSnapshot): number {
  return [...snapshot.values()].reduce((sum, rows) => sum + rows.size, 0);
}
