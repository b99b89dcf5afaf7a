// Logical backup and restore, and the checks that a restored database is the same database: roles, rows, row-level
// security, and isolation through the API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { elapsedSeconds } from "./point-in-time.js";
import { firstValue, quoteIdentifier, withClient } from "./pg-session.js";
import { runClientTool } from "./pg-tools.js";
import { compareSnapshots, snapshotRows, type SnapshotDifference } from "./table-rows.js";
import { listCaseIds, logIn, readableCases, signUp, type Tenant } from "./tenant-traffic.js";

export interface LogicalBackup {
  rolesFile: string;
  dumpFile: string;
  /** Owner of the backed-up database (and of the one the restore creates). */
  owner: string;
  seconds: number;
}

export async function takeLogicalBackup(sourceUrl: string, workDir: string): Promise<LogicalBackup> {
  const started = performance.now();
  const owner = await withClient(sourceUrl, async (client) => {
    const readsEverything = firstValue<boolean>(
      await client.query("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"),
    );
    if (!readsEverything)
      throw new Error(
        "the source login cannot read every row (FORCEd row-level security): back up as a BYPASSRLS reader " +
          "(runbooks/decisions/0061-logical-backup-reader.md)",
      );
    return firstValue<string>(
      await client.query("SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = current_database()"),
    );
  });
  const rolesFile = path.join(workDir, "roles.sql");
  const dumpFile = path.join(workDir, "database.dump");
  // Without passwords: pg_dumpall would otherwise need pg_authid, which RDS does not let anyone read.
  await runClientTool("pg_dumpall", ["--roles-only", "--no-role-passwords", "-f", rolesFile, "-d", sourceUrl]);
  await runClientTool("pg_dump", ["--format=custom", "-f", dumpFile, "-d", sourceUrl]);
  return { rolesFile, dumpFile, owner, seconds: elapsedSeconds(started) };
}

export async function restoreLogicalBackup(
  backup: LogicalBackup,
  targetAdminUrl: string,
  database: string,
): Promise<{ seconds: number }> {
  const started = performance.now();
  // Roles that already exist (the bootstrap superuser, RDS's own) fail to be created and are skipped; the check
  // below makes sure every role the dump names exists afterwards.
  await runClientTool("psql", ["-q", "-v", "ON_ERROR_STOP=0", "-f", backup.rolesFile, "-d", targetAdminUrl]).catch(
    () => undefined,
  );
  const wanted = [...readFileSync(backup.rolesFile, "utf8").matchAll(/^CREATE ROLE (\S+?);$/gm)].map((m) =>
    (m[1] ?? "").replace(/^"(.*)"$/, "$1"),
  );
  await withClient(targetAdminUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>("SELECT rolname::text AS name FROM pg_roles");
    const present = new Set(rows.map((row) => row.name));
    const missing = wanted.filter((role) => !present.has(role));
    if (missing.length > 0) throw new Error(`roles missing on the target after restoring roles: ${missing.join(", ")}`);
    await client.query(`CREATE DATABASE ${quoteIdentifier(database)} OWNER ${quoteIdentifier(backup.owner)}`);
  });
  const targetUrl = new URL(targetAdminUrl);
  targetUrl.pathname = `/${database}`;
  await runClientTool("pg_restore", ["--exit-on-error", "-d", targetUrl.toString(), backup.dumpFile]);
  return { seconds: elapsedSeconds(started) };
}

export interface DatabaseComparison extends SnapshotDifference {
  tables: number;
  /** Tables with row-level security enabled and forced, the same on both sides. */
  rlsTables: number;
}

/** Row for row, and the row-level security flags of every table. Both logins must read every row. */
export async function compareDatabases(sourceUrl: string, restoredUrl: string): Promise<DatabaseComparison> {
  const rlsQuery = `SELECT relname::text || ':' || relrowsecurity || '/' || relforcerowsecurity AS flags FROM pg_class
     WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relrowsecurity ORDER BY relname`;
  const read = (url: string) =>
    withClient(url, async (client) => ({
      rows: await snapshotRows(client),
      rls: (await client.query<{ flags: string }>(rlsQuery)).rows.map((row) => row.flags),
    }));
  const source = await read(sourceUrl);
  const restored = await read(restoredUrl);
  const difference = compareSnapshots(source.rows, restored.rows);
  if (difference.missing + difference.changed + difference.extra > 0)
    throw new Error(`restored rows differ (missing/changed/extra): ${difference.details.join(", ")}`);
  if (source.rls.join() !== restored.rls.join())
    throw new Error(`row-level security differs: ${source.rls.join()} vs ${restored.rls.join()}`);
  if (source.rls.some((flags) => !flags.endsWith("true/true")))
    throw new Error(`row-level security not forced on every table that has it: ${source.rls.join()}`);
  return { ...difference, tables: source.rows.size, rlsTables: source.rls.length };
}

export interface IsolationCheck {
  tried: number;
  leaked: number;
  ownReads: number;
}

/**
 * Through the API on the restored database: a newcomer's organization reads none of the existing cases, and each
 * known tenant (rehearsal only: their passwords are known) reads its own cases and none of the others'.
 */
export async function checkIsolation(baseUrl: string, sourceUrl: string, tenants: Tenant[]): Promise<IsolationCheck> {
  const byOrganization = await withClient(sourceUrl, async (client) => {
    const { rows } = await client.query<{ organization_id: string; ids: string[] }>(
      "SELECT organization_id::text, (array_agg(id::text ORDER BY id))[1:5] AS ids FROM cases GROUP BY 1",
    );
    return new Map(rows.map((row) => [row.organization_id, row.ids]));
  });
  const everyCase = [...byOrganization.values()].flat();
  const probe = await signUp(baseUrl, "probe");
  const check: IsolationCheck = { tried: everyCase.length, leaked: 0, ownReads: 0 };
  check.leaked += (await readableCases(baseUrl, probe, everyCase)) + (await listCaseIds(baseUrl, probe)).length;
  for (const tenant of tenants) {
    const session = await logIn(baseUrl, tenant.email, tenant.organizationId);
    const own = byOrganization.get(tenant.organizationId) ?? [];
    const others = everyCase.filter((id) => !own.includes(id));
    const ownReads = await readableCases(baseUrl, session, own);
    if (ownReads !== own.length)
      throw new Error(`organization ${tenant.organizationId} reads ${ownReads} of its ${own.length} restored cases`);
    check.ownReads += ownReads;
    check.leaked += await readableCases(baseUrl, session, others);
    check.tried += others.length;
  }
  if (check.leaked > 0) throw new Error(`${check.leaked} cross-tenant reads succeeded on the restored database`);
  return check;
}
