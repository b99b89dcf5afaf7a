// Drill `dump-restore`: a logical backup (roles with pg_dumpall --roles-only, the database with pg_dump in custom
// format) restored into a new database on another server; the app starts against it, every table's rows match the
// source, and row-level security still isolates tenants: through the API, nobody reads another organization's
// cases. The dump runs as a reader with BYPASSRLS: FORCEd row-level security makes pg_dump refuse the owner, which
// the rehearsal shows (runbooks/decisions/0061-logical-backup-reader.md). With --source-url and --target-admin-url
// the same steps run against real servers.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringOption, type Drill, type DrillOptions } from "./drill-definition.js";
import type { Cleanup } from "./support/cleanup.js";
import { createAppDatabase } from "./support/drill-database.js";
import { startDrillApp } from "./support/drill-app.js";
import { checkIsolation, compareDatabases, restoreLogicalBackup, takeLogicalBackup } from "./support/logical-backup.js";
import { withClient, withDatabase, withUser } from "./support/pg-session.js";
import { startScratchCluster } from "./support/scratch-cluster.js";
import { runClientTool } from "./support/pg-tools.js";
import { signUp, writeCases, type Tenant } from "./support/tenant-traffic.js";

export const backupReader = "rusty_backup";

export const dumpRestoreDrill: Drill = {
  name: "dump-restore",
  summary: "pg_dump (custom) + roles restored into a new database; rows match; the app still isolates tenants",
  options: {
    "source-url": { type: "string", description: "database to back up, as a login with BYPASSRLS" },
    "target-admin-url": { type: "string", description: "server to restore into, as a login that creates databases" },
    "target-database": { type: "string", description: "name of the new database (default rusty_restore_<time>)" },
  },
  async run({ options, cleanup, progress }) {
    const workDir = mkdtempSync(path.join(os.tmpdir(), "rusty-dump-"));
    cleanup.add("dump folder", async () => rmSync(workDir, { recursive: true, force: true }));
    const servers = await chooseServers(options, workDir, cleanup, progress);
    progress("dumping roles and the database");
    const backup = await takeLogicalBackup(servers.sourceUrl, workDir);
    const targetDatabase = stringOption(options, "target-database") ?? `rusty_restore_${Date.now()}`;
    progress(`restoring into ${targetDatabase}`);
    const restored = await restoreLogicalBackup(backup, servers.targetAdminUrl, targetDatabase);
    const restoredUrl = withDatabase(servers.targetAdminUrl, targetDatabase);
    const rows = await compareDatabases(servers.sourceUrl, restoredUrl);
    progress(`${rows.rows} rows match; the app starts against the restored database`);
    // On scratch servers the owner logs in by trust; on RDS the admin login is the owner (the master user).
    const app = await startDrillApp(servers.tenants ? withUser(restoredUrl, backup.owner) : restoredUrl);
    cleanup.add("app on the restored database", () => app.stop());
    const isolation = await checkIsolation(app.baseUrl, servers.sourceUrl, servers.tenants ?? []);
    return {
      tables: rows.tables,
      rows: rows.rows,
      rows_mismatched: rows.missing + rows.changed + rows.extra,
      rls_tables: rows.rlsTables,
      owner_dump_refused: servers.ownerDumpRefused,
      cross_tenant_reads_tried: isolation.tried,
      cross_tenant_reads_leaked: isolation.leaked,
      own_reads_ok: isolation.ownReads,
      dump_bytes: statSync(backup.dumpFile).size,
      dump_seconds: backup.seconds,
      restore_seconds: restored.seconds,
    };
  },
};

interface Servers {
  sourceUrl: string;
  targetAdminUrl: string;
  /** Rehearsal only: the tenants that wrote, whose passwords are known. */
  tenants?: Tenant[];
  ownerDumpRefused: boolean | "not-tried";
}

/** The servers given on the command line, or a scratch source (written through the API) and a scratch target. */
async function chooseServers(
  options: DrillOptions,
  workDir: string,
  cleanup: Cleanup,
  progress: (message: string) => void,
): Promise<Servers> {
  const sourceUrl = stringOption(options, "source-url");
  const targetAdminUrl = stringOption(options, "target-admin-url");
  if (sourceUrl && targetAdminUrl) return { sourceUrl, targetAdminUrl, ownerDumpRefused: "not-tried" };
  if (sourceUrl || targetAdminUrl) throw new Error("--source-url and --target-admin-url go together");
  progress("scratch source: the app writes two organizations through the API");
  const source = await startScratchCluster();
  cleanup.add("source cluster", () => source.destroy());
  const database = await createAppDatabase(source);
  const app = await startDrillApp(database.ownerUrl);
  const tenants = [await signUp(app.baseUrl, "east"), await signUp(app.baseUrl, "west")];
  for (const tenant of tenants) await writeCases(app.baseUrl, tenant, 4, 2);
  await app.stop();
  const ownerDumpRefused = await ownerDumpIsRefused(database.ownerUrl, workDir);
  await withClient(database.superuserUrl, async (client) => {
    await client.query(`CREATE ROLE ${backupReader} LOGIN BYPASSRLS`);
    await client.query(`GRANT pg_read_all_data TO ${backupReader}`);
  });
  const target = await startScratchCluster();
  cleanup.add("target cluster", () => target.destroy());
  return {
    sourceUrl: withUser(database.superuserUrl, backupReader),
    targetAdminUrl: target.url(),
    tenants,
    ownerDumpRefused,
  };
}

/** pg_dump as the tables' owner: FORCEd row-level security must make it refuse (it never dumps a partial table). */
async function ownerDumpIsRefused(ownerUrl: string, workDir: string): Promise<boolean> {
  try {
    await runClientTool("pg_dump", ["-Fc", "-f", path.join(workDir, "as-owner.dump"), "-d", ownerUrl]);
  } catch (error) {
    if (/row-level security/.test((error as Error).message)) return true;
    throw error;
  }
  throw new Error("pg_dump as the owner succeeded: row-level security is not FORCEd on the tenant tables");
}
