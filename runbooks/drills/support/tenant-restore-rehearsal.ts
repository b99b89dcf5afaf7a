// The scratch world of the tenant-restore drill (tenant-restore-drill.ts describes the story). Each check here
// looks at the databases and the API from outside the restore operation, so a restore that verified itself
// wrongly still fails the drill.
import { restoreFigures, restoreTenant } from "../operations/tenant-restore.js";
import { canonicalRow, reapplyErasures, type RestoreMode, type TableRow } from "../operations/tenant-tables.js";
import type { Cleanup } from "./cleanup.js";
import { createAppDatabase, type AppDatabase } from "./drill-database.js";
import { startDrillApp, type DrillApp } from "./drill-app.js";
import type { Figures } from "./figures.js";
import { scalar, withClient } from "./pg-session.js";
import { archiveEverything, recoverToTime, serverNow, takeBaseBackup, type RecoveredCopy } from "./point-in-time.js";
import { startScratchCluster } from "./scratch-cluster.js";
import { compareSnapshots, snapshotRows, type RowSnapshot } from "./table-rows.js";
import {
  addMember,
  call,
  changeCase,
  createCase,
  listCaseIds,
  signUp,
  writeCases,
  type Tenant,
} from "./tenant-traffic.js";

export interface RehearsalInput {
  mode: RestoreMode;
  scenario: "cases-deleted" | "organization-deleted";
  cases: number;
  cleanup: Cleanup;
  progress(message: string): void;
}

export async function rehearseTenantRestore(input: RehearsalInput): Promise<Figures> {
  const world = await buildWorld(input);
  const { database, owner, targetTime, copy } = world;
  const victim = owner.organizationId;
  const othersBefore = await picture(database, { exceptOrganizationId: victim });
  const victimBefore = await picture(database, { organizationId: victim });
  const request = {
    liveUrl: database.ownerUrl,
    copyUrl: copy.cluster.url(database.database, database.owner),
    organizationId: victim,
    ticket: "drill",
    targetTime,
  };
  // First a dry run in the other mode: it must verify, then leave the live database exactly as it was.
  const otherMode = input.mode === "merge" ? "replace" : "merge";
  input.progress(`copy recovered in ${copy.seconds} s; dry run (${otherMode}), then the restore (${input.mode})`);
  const dryRun = await restoreTenant({ ...request, mode: otherMode, dryRun: true });
  const untouched = compareSnapshots(victimBefore, await picture(database, { organizationId: victim }));
  if (untouched.missing + untouched.changed + untouched.extra > 0)
    throw new Error(`the dry run changed the live database: ${untouched.details.join(", ")}`);
  const report = await restoreTenant({ ...request, mode: input.mode, dryRun: false });

  const outside = await checkFromOutside(world, input, { othersBefore, victimBefore });
  return {
    scenario: input.scenario,
    mode: input.mode,
    ...outside,
    copy_seconds: copy.seconds,
    dry_run_mode: otherMode,
    dry_run_cases_changed: changedRows(dryRun.tables.cases),
    ...restoreFigures(report),
  };
}

/**
 * After the restore, without trusting its own verification: others unchanged row for row, the victim's rows at the
 * target back (erasure re-applied), its audit trail only grown, no trace of the erased member, the case written
 * after the disaster kept or removed as the mode says, and the restore visible to the owner through the API.
 */
async function checkFromOutside(
  world: World,
  input: RehearsalInput,
  before: { othersBefore: RowSnapshot; victimBefore: RowSnapshot },
): Promise<Figures> {
  const { database, owner, member } = world;
  const victim = owner.organizationId;
  const others = compareSnapshots(before.othersBefore, await picture(database, { exceptOrganizationId: victim }));
  if (others.missing + others.changed + others.extra > 0)
    throw new Error(`other organizations changed: ${others.details.join(", ")}`);
  const after = await picture(database, { organizationId: victim });
  const restoredRows = expectAtTarget(world.atTarget, after, member.userId, input.scenario);
  const auditBefore = before.victimBefore.get("audit_events") ?? new Map<string, string>();
  const auditKept = [...auditBefore].filter(([key, row]) => after.get("audit_events")?.get(key) === row).length;
  if (auditKept !== auditBefore.size) throw new Error(`the restore changed ${auditBefore.size - auditKept} audit rows`);
  const traces = await erasedTraces(database, victim, member.userId);
  if (traces > 0) throw new Error(`${traces} traces of the erased member came back`);
  const served = await listCaseIds(world.app.baseUrl, owner);
  const keptAfterTarget = world.keptCaseId && served.includes(world.keptCaseId) ? 1 : 0;
  if (keptAfterTarget !== (world.keptCaseId && input.mode === "merge" ? 1 : 0))
    throw new Error(`mode ${input.mode}: the case written after the disaster is ${keptAfterTarget ? "kept" : "gone"}`);
  return {
    rows_at_target_restored: restoredRows,
    cases_served: served.length,
    kept_after_target: keptAfterTarget,
    other_rows_checked: others.rows,
    other_rows_changed: 0,
    audit_rows_kept: auditKept,
    restore_events_via_api: await restoreEventsSeen(world.app, owner),
    erased_member_traces: traces,
  };
}

interface World {
  database: AppDatabase;
  app: DrillApp;
  owner: Tenant;
  member: Tenant;
  targetTime: string;
  /** The victim organization's rows at the target. */
  atTarget: RowSnapshot;
  copy: RecoveredCopy;
  /** A case written after the disaster (cases-deleted only): merge keeps it, replace removes it. */
  keptCaseId: string | undefined;
}

/** Three organizations, a target time, life after it, the disaster, and a point-in-time copy at the target. */
async function buildWorld(input: RehearsalInput): Promise<World> {
  const { cleanup, progress } = input;
  const source = await startScratchCluster({ walArchive: true, walSegmentMiB: 1 });
  cleanup.add("live cluster", () => source.destroy());
  const database = await createAppDatabase(source);
  const backup = await takeBaseBackup(source);
  const app = await startDrillApp(database.ownerUrl);
  cleanup.add("app", () => app.stop());
  progress("three organizations write through the API; one has a member with an assigned case");
  const owner = await signUp(app.baseUrl, "victim");
  const member = await addMember(app.baseUrl, owner, "member");
  const bystanders = [await signUp(app.baseUrl, "bystander-a"), await signUp(app.baseUrl, "bystander-b")];
  await writeCases(app.baseUrl, owner, input.cases, 2);
  await createCase(app.baseUrl, owner, "Assigned to the member", member.userId);
  for (const bystander of bystanders) await writeCases(app.baseUrl, bystander, input.cases, 1);
  const targetTime = await serverNow(database.superuserUrl);
  const atTarget = await picture(database, { organizationId: owner.organizationId });

  progress(`target ${targetTime}; then life goes on, the member erases their account, and: ${input.scenario}`);
  await lifeGoesOn(app, owner, member, bystanders);
  const keptCaseId = await disaster(app, database, owner, input.scenario);
  await archiveEverything(source);
  const copy = await recoverToTime({ baseBackupDir: backup.dir, archiveDir: source.archiveDir, targetTime });
  cleanup.add("point-in-time copy", () => copy.cluster.destroy());
  return { database, app, owner, member, targetTime, atTarget, copy, keptCaseId };
}

async function picture(database: AppDatabase, filter: Parameters<typeof snapshotRows>[1]): Promise<RowSnapshot> {
  return withClient(database.superuserUrl, (client) => snapshotRows(client, filter));
}

/** After the target: other organizations keep working, the victim edits, and its member erases their account. */
async function lifeGoesOn(app: DrillApp, owner: Tenant, member: Tenant, bystanders: Tenant[]): Promise<void> {
  const [first, second] = bystanders;
  if (first) await createCase(app.baseUrl, first, "Written after the target");
  const [someCase] = second ? await listCaseIds(app.baseUrl, second) : [];
  if (second && someCase) await changeCase(app.baseUrl, second, someCase, { status: "closed" });
  const [victimCase] = await listCaseIds(app.baseUrl, owner);
  if (victimCase) await changeCase(app.baseUrl, owner, victimCase, { title: "Renamed after the target" });
  const erased = await call(app.baseUrl, "DELETE", "/me", member.token);
  if (erased.status !== 204) throw new Error(`member erasure: HTTP ${erased.status}`);
}

/** An errant script as the cluster's superuser; returns the id of a case written after it (cases-deleted only). */
async function disaster(app: DrillApp, database: AppDatabase, owner: Tenant, scenario: RehearsalInput["scenario"]) {
  const id = owner.organizationId;
  if (scenario === "organization-deleted") {
    await scalar(database.superuserUrl, "DELETE FROM organizations WHERE id = $1", [id]);
    return undefined;
  }
  await scalar(database.superuserUrl, "DELETE FROM cases WHERE organization_id = $1 AND reference <= 2", [id]);
  // A botched retention job: the creation events of the trail are gone too.
  await scalar(
    database.superuserUrl,
    "DELETE FROM audit_events WHERE organization_id = $1 AND action = 'case.created'",
    [id],
  );
  return createCase(app.baseUrl, owner, "Written after the disaster");
}

/** Every row of the organization at the target is back, as it was (erasure re-applied); returns how many. */
function expectAtTarget(atTarget: RowSnapshot, after: RowSnapshot, erasedId: string, scenario: string): number {
  const tables = ["cases", "tasks", "audit_events", ...(scenario === "organization-deleted" ? ["memberships"] : [])];
  const erasures = { userIds: new Set([erasedId]), emails: new Set<string>() };
  let checked = 0;
  const problems: string[] = [];
  for (const table of tables) {
    const rows = [...(atTarget.get(table) ?? new Map<string, string>()).values()].map((t) => JSON.parse(t) as TableRow);
    const have = new Set(
      [...(after.get(table) ?? new Map<string, string>()).values()].map((t) => canonicalRow(JSON.parse(t))),
    );
    const expected = reapplyErasures(table, rows, erasures).rows;
    const absent = expected.filter((row) => !have.has(canonicalRow(row))).length;
    checked += expected.length;
    if (absent > 0) problems.push(`${table}: ${absent} of ${expected.length} not back as they were`);
  }
  if (problems.length > 0) throw new Error(`data at the target not restored: ${problems.join("; ")}`);
  return checked;
}

async function erasedTraces(database: AppDatabase, organizationId: string, userId: string): Promise<number> {
  return scalar<number>(
    database.superuserUrl,
    `SELECT ((SELECT count(*) FROM memberships WHERE organization_id = $1 AND user_id = $2)
          + (SELECT count(*) FROM cases WHERE organization_id = $1 AND assignee_id = $2)
          + (SELECT count(*) FROM tasks WHERE organization_id = $1 AND assignee_id = $2)
          + (SELECT count(*) FROM audit_events WHERE organization_id = $1 AND (actor_id = $2 OR target_id = $2)
               AND (client_ip IS NOT NULL OR metadata <> '{}')))::int AS traces`,
    [organizationId, userId],
  );
}

async function restoreEventsSeen(app: DrillApp, owner: Tenant): Promise<number> {
  const answer = await call(app.baseUrl, "GET", "/audit-events?action=organization.restored", owner.token);
  if (answer.status !== 200) throw new Error(`GET /audit-events as the owner: HTTP ${answer.status}`);
  const seen = (answer.body.items as unknown[]).length;
  if (seen !== 1) throw new Error(`the owner sees ${seen} restore events in the audit trail, expected 1`);
  return seen;
}

function changedRows(counts: { inserted: number; updated: number; deleted: number } | undefined): number {
  return counts ? counts.inserted + counts.updated + counts.deleted : 0;
}
