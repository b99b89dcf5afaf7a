// The everyday restore: one organization's data brought back from a point-in-time copy into the live database,
// without touching any other organization. One transaction on the live database, as the tables' owner (the RDS
// master user) with app.organization_id set: the FORCEd row-level security policies then confine every statement
// to that organization, whatever the statement says (runbooks/decisions/0060-tenant-restore.md). Verified inside
// the transaction before it commits; `dryRun` rolls back after verifying.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { migrationsTable } from "../../../app/platform/database/migrations.js";
import type { Figures } from "../support/figures.js";
import { elapsedSeconds } from "../support/point-in-time.js";
import { describeUrl, firstValue, quoteIdentifier, withClient } from "../support/pg-session.js";
import { listTables } from "../support/table-rows.js";
import {
  assertEveryTenantTableDecided,
  reapplyErasures,
  referencedUserIds,
  restoreTables,
  type Erasures,
  type RestoreMode,
  type TableRow,
} from "./tenant-tables.js";
import { applyTable, verifyRestore, type TableCounts } from "./tenant-writes.js";

const migrationNamesSql = `SELECT name FROM ${quoteIdentifier(migrationsTable)} ORDER BY name`;

export interface TenantRestoreRequest {
  /** The live database, as the owner of its tables (the login the app migrates with). */
  liveUrl: string;
  /** The point-in-time copy (any login that may read the organization's rows). */
  copyUrl: string;
  organizationId: string;
  mode: RestoreMode;
  dryRun: boolean;
  /** Change or incident reference, recorded in the audit event. */
  ticket: string;
  /** The copy's point in time, recorded in the audit event. */
  targetTime?: string;
}

export interface TenantRestoreReport {
  organizationRecreated: boolean;
  tables: Record<string, TableCounts>;
  erasureScrubs: number;
  restoreEventId: string;
  seconds: number;
}

export async function restoreTenant(request: TenantRestoreRequest): Promise<TenantRestoreReport> {
  const started = performance.now();
  const copyRows = await withClient(request.copyUrl, (client) => readOrganization(client, request.organizationId));
  return withClient(request.liveUrl, async (live) => {
    await live.query("BEGIN");
    try {
      await assertSameSchema(live, copyRows.migrations);
      await confineToOrganization(live, request.organizationId);
      const erasures = await erasuresSince(live, copyRows);
      const exists = await lockOrganization(live, request.organizationId);
      const tables: Record<string, TableCounts> = {};
      let erasureScrubs = 0;
      for (const table of restoreTables) {
        if (table.kind === "access" && exists) continue;
        const restored = reapplyErasures(table.name, copyRows.tables.get(table.name) ?? [], erasures);
        erasureScrubs += restored.scrubbed;
        tables[table.name] = await applyTable(live, table, restored.rows, {
          mode: request.mode,
          organizationId: request.organizationId,
          organizationExists: exists,
        });
      }
      await verifyRestore(live, { ...request, organizationExists: exists }, copyRows.tables, erasures);
      const restoreEventId = await recordRestore(live, request, { exists, tables, erasureScrubs });
      await live.query(request.dryRun ? "ROLLBACK" : "COMMIT");
      return {
        organizationRecreated: !exists,
        tables,
        erasureScrubs,
        restoreEventId,
        seconds: elapsedSeconds(started),
      };
    } catch (error) {
      await live.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Turns the transaction into one that can only see and change `organizationId`'s rows: the tables' owner (not a
 * superuser, not BYPASSRLS) under FORCEd row-level security, with app.user_id empty so the owner's erasure policies
 * match nothing. A superuser login (local clusters) is switched to the owner for the same effect.
 */
export async function confineToOrganization(client: pg.Client, organizationId: string): Promise<string> {
  const owner = firstValue<string>(
    await client.query("SELECT tableowner::text FROM pg_tables WHERE schemaname = 'public' AND tablename = 'cases'"),
  );
  const bypass = firstValue<boolean>(
    await client.query("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = $1", [owner]),
  );
  if (bypass) throw new Error(`the tables' owner ${owner} bypasses row-level security: refusing an unconfined restore`);
  await client.query(`SET LOCAL ROLE ${quoteIdentifier(owner)}`);
  await client.query("SET LOCAL lock_timeout = '10s'");
  await client.query("SET LOCAL statement_timeout = '10min'");
  await client.query(
    "SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', '', true), set_config('TimeZone', 'UTC', true)",
    [organizationId],
  );
  return owner;
}

interface OrganizationCopy {
  migrations: string[];
  tables: Map<string, TableRow[]>;
  /** Lowercase email → user id, in the copy, for every email the organization's invitations address. */
  invitees: Map<string, string>;
}

/** The organization's rows in the copy, read in one snapshot. */
async function readOrganization(client: pg.Client, organizationId: string): Promise<OrganizationCopy> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await client.query("SELECT set_config('app.organization_id', $1, true)", [organizationId]);
    const tables = new Map<string, TableRow[]>();
    for (const table of restoreTables) {
      const column = table.name === "organizations" ? "id" : "organization_id";
      const order = table.key.map((key) => `t.${quoteIdentifier(key)}`).join(", ");
      const { rows } = await client.query<{ row: TableRow }>(
        `SELECT to_jsonb(t) AS row FROM ${quoteIdentifier(table.name)} t WHERE t.${column} = $1 ORDER BY ${order}`,
        [organizationId],
      );
      tables.set(
        table.name,
        rows.map((row) => row.row),
      );
    }
    if ((tables.get("organizations") ?? []).length === 0)
      throw new Error(`the copy holds no organization ${organizationId} (is its point in time before the signup?)`);
    const emails = (tables.get("invitations") ?? []).map((row) => String(row.email).toLowerCase());
    const invitees = await client.query<{ email: string; id: string }>(
      "SELECT lower(email) AS email, id FROM users WHERE lower(email) = ANY($1::text[])",
      [emails],
    );
    const { rows } = await client.query<{ name: string }>(migrationNamesSql);
    return {
      migrations: rows.map((row) => row.name),
      tables,
      invitees: new Map(invitees.rows.map((row) => [row.email, row.id])),
    };
  } finally {
    await client.query("ROLLBACK");
  }
}

async function assertSameSchema(live: pg.Client, copyMigrations: string[]): Promise<void> {
  assertEveryTenantTableDecided(await listTables(live));
  const { rows } = await live.query<{ name: string }>(migrationNamesSql);
  const liveMigrations = rows.map((row) => row.name);
  if (liveMigrations.join() !== copyMigrations.join()) {
    throw new Error(
      `the copy's schema (${copyMigrations.at(-1)}) differs from the live one (${liveMigrations.at(-1)}): ` +
        "migrate the copy first (npm run db:migrate against it), then restore",
    );
  }
}

/** People the copy's rows mention who have been erased in the live database since. */
async function erasuresSince(live: pg.Client, copy: OrganizationCopy): Promise<Erasures> {
  const { rows } = await live.query<{ id: string }>(
    "SELECT id FROM users WHERE id = ANY($1::uuid[]) AND erased_at IS NOT NULL",
    [[...referencedUserIds(copy.tables), ...copy.invitees.values()]],
  );
  const userIds = new Set(rows.map((row) => row.id));
  // The copy predates the erasure, so it still knows the person's email; invitations to it are not brought back.
  const emails = new Set([...copy.invitees].filter(([, id]) => userIds.has(id)).map(([email]) => email));
  return { userIds, emails };
}

/** Locks the organization's row (new cases there wait for the restore); false when it is gone. */
async function lockOrganization(live: pg.Client, organizationId: string): Promise<boolean> {
  const { rowCount } = await live.query("SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE", [organizationId]);
  return rowCount === 1;
}

async function recordRestore(
  live: pg.Client,
  request: TenantRestoreRequest,
  outcome: { exists: boolean; tables: Record<string, TableCounts>; erasureScrubs: number },
): Promise<string> {
  const metadata = {
    mode: request.mode,
    ticket: request.ticket,
    copy: describeUrl(request.copyUrl),
    ...(request.targetTime ? { targetTime: request.targetTime } : {}),
    organizationRecreated: !outcome.exists,
    tables: outcome.tables,
    erasureScrubs: outcome.erasureScrubs,
  };
  return firstValue<string>(
    await live.query(
      `INSERT INTO audit_events (organization_id, actor_id, action, target_type, target_id, request_id, client_ip, metadata)
       VALUES ($1, NULL, 'organization.restored', 'organization', $1, $2, NULL, $3) RETURNING id`,
      [request.organizationId, `restore-${randomUUID()}`, metadata],
    ),
  );
}

/** The report as drill figures (snake_case, one line). */
export function restoreFigures(report: TenantRestoreReport): Figures {
  const { cases, tasks, audit_events: audit } = report.tables;
  return {
    organization_recreated: report.organizationRecreated,
    cases_inserted: cases?.inserted ?? 0,
    cases_updated: cases?.updated ?? 0,
    cases_deleted: cases?.deleted ?? 0,
    tasks_inserted: tasks?.inserted ?? 0,
    tasks_updated: tasks?.updated ?? 0,
    tasks_deleted: tasks?.deleted ?? 0,
    audit_rows_restored: audit?.inserted ?? 0,
    erasure_scrubs: report.erasureScrubs,
    restore_event: report.restoreEventId,
    restore_seconds: report.seconds,
  };
}
