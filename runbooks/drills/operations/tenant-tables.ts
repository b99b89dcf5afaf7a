// What a tenant restore brings back, table by table, and how it re-applies erasures that happened after the target
// (a copy from before someone's erasure still holds their traces; restoring those would undo a legal obligation).
import type { TableInfo } from "../support/table-rows.js";

export type RestoreMode = "merge" | "replace";

export interface RestoreTable {
  name: string;
  /** Conflict target of the upsert. */
  key: string[];
  /**
   * `data`: cases and tasks, brought back in every restore (merge or replace).
   * `access`: who may enter the organization; restored only when the organization itself is gone, never over the
   * live state (access removed after the target stays removed).
   * `audit`: append-only; rows missing from the live trail are added, none is changed or removed.
   */
  kind: "organization" | "access" | "data" | "audit";
}

/** In foreign-key order. */
export const restoreTables: RestoreTable[] = [
  { name: "organizations", key: ["id"], kind: "organization" },
  { name: "memberships", key: ["organization_id", "user_id"], kind: "access" },
  { name: "invitations", key: ["id"], kind: "access" },
  { name: "cases", key: ["id"], kind: "data" },
  { name: "tasks", key: ["id"], kind: "data" },
  { name: "audit_events", key: ["id"], kind: "audit" },
];

/** Organization-scoped tables deliberately left alone, and why. */
export const tablesNotRestored: Record<string, string> = {
  refresh_tokens: "sessions are credentials: bringing back revoked or expired ones would reopen them",
};

/** Fails when a table holds organization data but nobody decided whether a restore brings it back. */
export function assertEveryTenantTableDecided(tables: TableInfo[]): void {
  const decided = new Set([...restoreTables.map((table) => table.name), ...Object.keys(tablesNotRestored)]);
  const undecided = tables.filter((table) => table.organizationColumn && !decided.has(table.name));
  if (undecided.length > 0) {
    throw new Error(
      `tables holding organization data that the tenant restore does not know: ${undecided.map((t) => t.name).join(", ")} ` +
        "(add them to restoreTables or tablesNotRestored in runbooks/drills/operations/tenant-tables.ts)",
    );
  }
}

export type TableRow = Record<string, unknown>;

export interface Erasures {
  /** Users erased in the live database. */
  userIds: Set<string>;
  /** Their emails as the copy still knows them (lowercase): invitations addressed to them are not restored. */
  emails: Set<string>;
}

/** Every user id a copy row points at, to ask the live database which of them were erased since. */
export function referencedUserIds(rowsByTable: Map<string, TableRow[]>): string[] {
  const ids = new Set<string>();
  for (const rows of rowsByTable.values()) {
    for (const row of rows) {
      for (const column of ["user_id", "assignee_id", "created_by", "invited_by", "actor_id"]) {
        if (typeof row[column] === "string") ids.add(row[column]);
      }
      if (row.target_type === "user" && typeof row.target_id === "string") ids.add(row.target_id);
    }
  }
  return [...ids];
}

/** The copy's rows as they must be restored: what erasure removed stays removed. Counts the rows it changed. */
export function reapplyErasures(
  table: string,
  rows: TableRow[],
  erasures: Erasures,
): { rows: TableRow[]; scrubbed: number } {
  const erased = (value: unknown) => typeof value === "string" && erasures.userIds.has(value);
  let scrubbed = 0;
  const kept: TableRow[] = [];
  for (const row of rows) {
    if (table === "memberships" && erased(row.user_id)) {
      scrubbed++;
      continue;
    }
    if (table === "invitations" && erasures.emails.has(String(row.email).toLowerCase())) {
      scrubbed++;
      continue;
    }
    if ((table === "cases" || table === "tasks") && erased(row.assignee_id)) {
      scrubbed++;
      kept.push({ ...row, assignee_id: null });
      continue;
    }
    const aboutErased = erased(row.actor_id) || (row.target_type === "user" && erased(row.target_id));
    if (table === "audit_events" && aboutErased && (row.client_ip !== null || !isEmptyObject(row.metadata))) {
      scrubbed++;
      kept.push({ ...row, client_ip: null, metadata: {} });
      continue;
    }
    kept.push(row);
  }
  return { rows: kept, scrubbed };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

/** A row's identity under its table's key, e.g. `["6c1…"]`. */
export function rowKey(table: RestoreTable, row: TableRow): string {
  return JSON.stringify(table.key.map((column) => row[column]));
}

/** Rows compared by content, whatever the order of their keys. */
export function canonicalRow(row: TableRow): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
}
