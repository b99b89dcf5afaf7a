// Drill `pitr`: a cluster archiving its WAL, a base backup, the app's migrations and tenant data written through the
// API, a recorded target time, a disaster (one organization's cases deleted by an errant statement), then a copy
// recovered to the target from the backup and the archive. Every table of the copy is compared row for row with a
// picture taken at the target: nothing committed up to the target may be missing or different, nothing after it
// may appear. The app then serves the organization's cases from the copy.
import { readdirSync } from "node:fs";
import { integerOption, type Drill } from "./drill-definition.js";
import { createAppDatabase, type AppDatabase } from "./support/drill-database.js";
import { startDrillApp } from "./support/drill-app.js";
import { scalar, withClient } from "./support/pg-session.js";
import { archiveEverything, recoverToTime, serverNow, takeBaseBackup } from "./support/point-in-time.js";
import { startScratchCluster } from "./support/scratch-cluster.js";
import { compareSnapshots, snapshotRows, type RowSnapshot } from "./support/table-rows.js";
import { listCaseIds, signUp, writeCases, type Tenant } from "./support/tenant-traffic.js";

export const pitrDrill: Drill = {
  name: "pitr",
  summary: "base backup + WAL archive → a copy recovered to a recorded time, every table compared row for row",
  options: { cases: { type: "string", description: "cases per organization written through the API (default 4)" } },
  async run({ options, cleanup, progress }) {
    const casesPerOrganization = integerOption(options, "cases", 4, 1000);
    progress("scratch cluster archiving its WAL");
    const source = await startScratchCluster({ walArchive: true, walSegmentMiB: 1 });
    cleanup.add("source cluster", () => source.destroy());
    const database = await createAppDatabase(source);
    const backup = await takeBaseBackup(source);
    progress(`base backup in ${backup.seconds} s; app starts (migrations) and tenants write through the API`);
    const app = await startDrillApp(database.ownerUrl);
    cleanup.add("app on the source", () => app.stop());
    const victim = await signUp(app.baseUrl, "north");
    const bystander = await signUp(app.baseUrl, "south");
    for (const tenant of [victim, bystander]) await writeCases(app.baseUrl, tenant, casesPerOrganization, 2);

    const { targetTime, atTarget, deletedCases } = await targetThenDisaster(database, app.baseUrl, victim, bystander);
    await archiveEverything(source);

    progress(`${deletedCases} cases deleted; recovering a copy to the target`);
    const copy = await recoverToTime({ baseBackupDir: backup.dir, archiveDir: source.archiveDir, targetTime });
    cleanup.add("recovered copy", () => copy.cluster.destroy());
    const recovered = await withClient(copy.cluster.url(database.database), (client) => snapshotRows(client));
    const difference = expectExactlyTheTarget(atTarget, recovered);

    progress("the app serves the organization's cases from the copy");
    const copyApp = await startDrillApp(copy.cluster.url(database.database, database.owner));
    cleanup.add("app on the copy", () => copyApp.stop());
    const servedCases = (await listCaseIds(copyApp.baseUrl, victim)).length;
    if (servedCases !== casesPerOrganization)
      throw new Error(`the copy serves ${servedCases} of the ${casesPerOrganization} cases at the target`);
    return {
      tables: atTarget.size,
      rows_at_target: difference.rows,
      rows_lost: difference.missing + difference.changed,
      rows_after_target_in_copy: difference.extra,
      disaster_deleted_cases: deletedCases,
      cases_served_from_copy: servedCases,
      wal_segments_archived: readdirSync(source.archiveDir).length,
      base_backup_seconds: backup.seconds,
      recover_seconds: copy.seconds,
    };
  },
};

/**
 * Records the target time and every row as it stands then (nothing writes in between), then more work after it
 * and the disaster: one organization's cases deleted by an errant statement.
 */
async function targetThenDisaster(database: AppDatabase, baseUrl: string, victim: Tenant, bystander: Tenant) {
  const targetTime = await serverNow(database.superuserUrl);
  const atTarget = await withClient(database.superuserUrl, (client) => snapshotRows(client));
  await writeCases(baseUrl, bystander, 2, 1);
  const deletedCases = await scalar<number>(
    database.superuserUrl,
    "WITH gone AS (DELETE FROM cases WHERE organization_id = $1 RETURNING 1) SELECT count(*)::int FROM gone",
    [victim.organizationId],
  );
  return { targetTime, atTarget, deletedCases };
}

/** Nothing committed up to the target may be missing or different; nothing after it may appear. */
function expectExactlyTheTarget(atTarget: RowSnapshot, recovered: RowSnapshot) {
  const difference = compareSnapshots(atTarget, recovered);
  if (difference.missing + difference.changed > 0)
    throw new Error(`data lost up to the target (missing/changed/extra): ${difference.details.join(", ")}`);
  if (difference.extra > 0)
    throw new Error(`changes after the target reached the copy (missing/changed/extra): ${difference.details}`);
  return difference;
}
