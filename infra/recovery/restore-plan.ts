// Restore by config, as pure decisions: which instance the primary is restored from and to when, the identifier
// the restored primary takes, and the arguments a restored primary must not carry. Each rule cites its constraint
// in infra/AWS-CONSTRAINTS.md (RestoreDBInstanceToPointInTime; restoreToPointInTime).
import { createHash } from "node:crypto";
import { InfraConfigError } from "../config.js";
import { fullKey } from "../config-schema.js";
import type { RecoverySettings } from "../config.js";
import { primaryIdentifier } from "../data/database-plan.js";
import {
  automatedBackupsArnPattern,
  latestRestorableTime,
  noReplication,
  noRestore,
  recoverySettings,
} from "./recovery-settings.js";

/** The provider's `restoreToPointInTime` block: one source, and either a time or the latest restorable time. */
export interface RestoreToPointInTime {
  readonly sourceDbInstanceIdentifier?: string;
  readonly sourceDbInstanceAutomatedBackupsArn?: string;
  readonly restoreTime?: string;
  readonly useLatestRestorableTime?: boolean;
}

export interface RestorePlan {
  /** The restored primary's identifier: never the source's, so the new instance is created before the old goes. */
  readonly identifier: string;
  readonly restoreToPointInTime: RestoreToPointInTime;
}

/**
 * Arguments of CreateDBInstance that a restored primary leaves out. RestoreDBInstanceToPointInTime has no master
 * user, password, database name or KMS key: the restore carries the source's, and its storage is encrypted with the
 * source's key (for a replicated backup, the destination region's key). Setting them anyway makes the provider
 * diff against what the restore produced, and `dbName`, `username` and `kmsKeyId` force a replacement: a restored
 * primary would be replaced again on the next `pulumi up`. `snapshotIdentifier` and `replicateSourceDb` conflict
 * with `restoreToPointInTime` in the provider's schema.
 */
export const argumentsARestoreOmits = [
  "dbName",
  "username",
  "password",
  "kmsKeyId",
  "snapshotIdentifier",
  "replicateSourceDb",
] as const;

/** The restore the settings ask for, or undefined (the primary is created empty, as always). */
export function planRestore(
  prefix: string,
  settings: Pick<RecoverySettings, "restoreSource" | "restoreTime">,
): RestorePlan | undefined {
  if (settings.restoreSource === noRestore) return undefined;
  const source = automatedBackupsArnPattern.test(settings.restoreSource)
    ? { sourceDbInstanceAutomatedBackupsArn: settings.restoreSource }
    : { sourceDbInstanceIdentifier: settings.restoreSource };
  const when =
    settings.restoreTime === latestRestorableTime
      ? { useLatestRestorableTime: true }
      : { restoreTime: settings.restoreTime };
  return {
    identifier: restoredPrimaryIdentifier(prefix, settings),
    restoreToPointInTime: { ...source, ...when },
  };
}

/**
 * `<prefix>-db-r<8 hex>`, the hex drawn from source and time: a different restore gets a different name (so
 * Pulumi creates the new primary beside the old one and deletes the old one last), the same settings the same
 * name (so the next `pulumi up` changes nothing).
 */
export function restoredPrimaryIdentifier(
  prefix: string,
  settings: Pick<RecoverySettings, "restoreSource" | "restoreTime">,
): string {
  const digest = createHash("sha256").update(`${settings.restoreSource}\n${settings.restoreTime}`).digest("hex");
  return `${primaryIdentifier(prefix)}-r${digest.slice(0, 8)}`;
}

/**
 * Checks between recovery settings and the stack's region, which live in different groups: a replicated backup
 * can only be restored in the region it was replicated to, and backups replicated to the stack's own region
 * would not survive its loss (RDS also refuses a same-region replication).
 */
export function assertRecoveryRegions(
  stackRegion: string,
  settings: Pick<RecoverySettings, "restoreSource" | "backupReplicationRegion">,
): void {
  const problems: string[] = [];
  const arnRegion = automatedBackupsArnPattern.exec(settings.restoreSource)?.[1];
  if (arnRegion !== undefined && arnRegion !== stackRegion)
    problems.push(
      `${fullKey(recoverySettings.settings.restoreSource)}: the automated backups are in ${arnRegion} but the stack runs in ${stackRegion}; restore them with a stack in ${arnRegion}`,
    );
  if (settings.backupReplicationRegion !== noReplication && settings.backupReplicationRegion === stackRegion)
    problems.push(
      `${fullKey(recoverySettings.settings.backupReplicationRegion)}: ${stackRegion} is the stack's own region; replicate to another one`,
    );
  if (problems.length > 0) throw new InfraConfigError(problems);
}
