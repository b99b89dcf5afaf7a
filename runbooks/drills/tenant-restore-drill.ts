// Drill `tenant-restore`, and the restore itself. With --live-url/--copy-url/--organization it restores one
// organization from a point-in-time copy into a live database (the everyday restore request; --dry-run verifies
// and rolls back). Without them it rehearses on scratch clusters: three organizations write through the API, a
// target time is recorded, then life goes on and a disaster strikes one organization (an errant script deletes
// cases and audit rows, or the organization itself); a copy is recovered to the target and the organization is
// restored from it, as the owner login, confined by row-level security. The rehearsal proves from outside the
// operation that the data at the target is back, that every other organization is unchanged row for row, that
// the audit trail only grew, and that an erasure made after the target stays applied.
import { integerOption, stringOption, type Drill, type DrillOptions } from "./drill-definition.js";
import { restoreFigures, restoreTenant } from "./operations/tenant-restore.js";
import type { RestoreMode } from "./operations/tenant-tables.js";
import { rehearseTenantRestore } from "./support/tenant-restore-rehearsal.js";
import type { Figures } from "./support/figures.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const tenantRestoreDrill: Drill = {
  name: "tenant-restore",
  summary: "one organization restored from a point-in-time copy into the live database, others untouched",
  options: {
    "live-url": { type: "string", description: "live database as its tables' owner (restores for real)" },
    "copy-url": { type: "string", description: "the point-in-time copy to restore from" },
    organization: { type: "string", description: "id of the organization to restore" },
    mode: { type: "string", description: "merge (default: keeps rows created after the target) or replace" },
    ticket: { type: "string", description: "change or incident reference, recorded in the audit event" },
    "target-time": { type: "string", description: "the copy's point in time, recorded in the audit event" },
    "dry-run": { type: "boolean", description: "do everything, verify, then roll back" },
    scenario: { type: "string", description: "rehearsal: cases-deleted (default) or organization-deleted" },
    cases: { type: "string", description: "rehearsal: cases per organization (default 4)" },
  },
  async run({ options, cleanup, progress }) {
    const mode = restoreMode(options);
    if (!stringOption(options, "live-url")) {
      const scenario = stringOption(options, "scenario") ?? "cases-deleted";
      if (scenario !== "cases-deleted" && scenario !== "organization-deleted")
        throw new Error(`--scenario: cases-deleted or organization-deleted, not ${JSON.stringify(scenario)}`);
      const cases = integerOption(options, "cases", 4, 1000);
      return rehearseTenantRestore({ mode, scenario, cases, cleanup, progress });
    }
    return restoreForReal(options, mode, progress);
  },
};

async function restoreForReal(
  options: DrillOptions,
  mode: RestoreMode,
  progress: (message: string) => void,
): Promise<Figures> {
  const required = (name: string) => {
    const value = stringOption(options, name);
    if (!value) throw new Error(`--${name} is required with --live-url`);
    return value;
  };
  const organizationId = required("organization");
  if (!uuidPattern.test(organizationId)) throw new Error(`--organization: not a uuid: ${organizationId}`);
  const dryRun = options["dry-run"] === true;
  progress(`${dryRun ? "dry run: " : ""}restoring ${organizationId} (${mode})`);
  const targetTime = stringOption(options, "target-time");
  const report = await restoreTenant({
    liveUrl: required("live-url"),
    copyUrl: required("copy-url"),
    organizationId,
    mode,
    dryRun,
    ticket: required("ticket"),
    ...(targetTime ? { targetTime } : {}),
  });
  return {
    organization: organizationId,
    mode,
    dry_run: dryRun,
    ...restoreFigures(report),
  };
}

function restoreMode(options: DrillOptions): RestoreMode {
  const mode = stringOption(options, "mode") ?? "merge";
  if (mode !== "merge" && mode !== "replace") throw new Error(`--mode: merge or replace, not ${JSON.stringify(mode)}`);
  return mode;
}
