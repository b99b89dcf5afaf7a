import { describe, expect, it } from "vitest";
import { InfraConfigError } from "../config.js";
import { rdsIdentifierProblems } from "../data/database-plan.js";
import { assertRecoveryRegions, planRestore, restoredPrimaryIdentifier } from "./restore-plan.js";

const prefix = "rusty-saas-production";
const backupsArn = "arn:aws:rds:eu-central-1:123456789012:auto-backup:ab-abcdefghijklmnopqrstuvwxyz";

describe("restore plan", () => {
  it("restores nothing by default", () => {
    expect(planRestore(prefix, { restoreSource: "none", restoreTime: "latest" })).toBeUndefined();
  });

  it("restores a named instance to a time, or to its latest restorable time", () => {
    expect(planRestore(prefix, { restoreSource: `${prefix}-db`, restoreTime: "2026-11-30T18:05:00Z" })).toEqual({
      identifier: expect.stringMatching(/^rusty-saas-production-db-r[0-9a-f]{8}$/),
      restoreToPointInTime: { sourceDbInstanceIdentifier: `${prefix}-db`, restoreTime: "2026-11-30T18:05:00Z" },
    });
    expect(planRestore(prefix, { restoreSource: `${prefix}-db`, restoreTime: "latest" })?.restoreToPointInTime).toEqual(
      { sourceDbInstanceIdentifier: `${prefix}-db`, useLatestRestorableTime: true },
    );
  });

  it("restores a replicated backup by its ARN (region loss)", () => {
    expect(planRestore(prefix, { restoreSource: backupsArn, restoreTime: "latest" })?.restoreToPointInTime).toEqual({
      sourceDbInstanceAutomatedBackupsArn: backupsArn,
      useLatestRestorableTime: true,
    });
  });

  it("names the restored primary apart from its source, the same for the same settings, anew for a new restore", () => {
    const first = { restoreSource: `${prefix}-db`, restoreTime: "2026-11-30T18:05:00Z" };
    const id = restoredPrimaryIdentifier(prefix, first);
    expect(id).not.toBe(first.restoreSource);
    expect(restoredPrimaryIdentifier(prefix, { ...first })).toBe(id);
    expect(restoredPrimaryIdentifier(prefix, { ...first, restoreTime: "2026-11-30T18:06:00Z" })).not.toBe(id);
    // Restoring the restored primary again gets yet another name.
    expect(restoredPrimaryIdentifier(prefix, { restoreSource: id, restoreTime: "latest" })).not.toBe(id);
    expect(rdsIdentifierProblems(id, 63)).toEqual([]);
  });

  it("refuses a replicated backup from another region, and replication into the stack's own region, naming the key", () => {
    const problems = (region: string, settings: Parameters<typeof assertRecoveryRegions>[1]) => {
      try {
        assertRecoveryRegions(region, settings);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(InfraConfigError);
        return [...(error as InfraConfigError).problems];
      }
    };
    expect(problems("eu-central-1", { restoreSource: backupsArn, backupReplicationRegion: "none" })).toEqual([]);
    expect(problems("eu-west-1", { restoreSource: backupsArn, backupReplicationRegion: "eu-west-1" })).toEqual([
      expect.stringMatching(
        /^rusty-saas:dbRestoreSource: the automated backups are in eu-central-1 but the stack runs in eu-west-1/,
      ),
      expect.stringMatching(/^rusty-saas:backupReplicationRegion: eu-west-1 is the stack's own region/),
    ]);
  });
});
