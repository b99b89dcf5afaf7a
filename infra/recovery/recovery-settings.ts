// Recovery's stack settings, declared once (see config-settings.ts for how declarations become config, checks and
// the README table): restore the primary to a point in time, replicate automated backups to a second region, and
// the game-day (AWS FIS) experiment templates.
import { boolean, integer, text } from "../config-kinds.js";
import { group } from "../config-schema.js";
import { rdsIdentifierProblems } from "../data/database-plan.js";

/** `dbRestoreSource`'s "no restore" value. */
export const noRestore = "none";
/** `dbRestoreTime`'s "latest restorable time" value. */
export const latestRestorableTime = "latest";
/** `backupReplicationRegion`'s "no replication" value. */
export const noReplication = "none";

/** A replicated automated backup in another region (RestoreDBInstanceToPointInTime SourceDBInstanceAutomatedBackupsArn). */
export const automatedBackupsArnPattern =
  /^arn:aws[a-z-]*:rds:([a-z]{2}(-gov)?-[a-z]+-\d):\d{12}:auto-backup:ab-[a-z0-9]+$/;
const regionPattern = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** RestoreTime: UTC, whole seconds, as RDS and the provider's validator accept it. */
const utcTimestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A real instant written in UTC to the second (2026-02-30 matches the pattern but is no date). */
function isUtcInstant(value: string): boolean {
  if (!utcTimestampPattern.test(value)) return false;
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === value.replace("Z", ".000Z");
}

export const recoverySettings = group(
  {
    restoreSource: {
      key: "dbRestoreSource",
      description:
        "Create the primary as a point-in-time restore of this source (a new instance replacing the current one; the service follows it): an instance identifier in the stack's region, or a replicated automated backup's ARN (region loss)",
      kind: text({
        allowed: "`none`, an RDS instance identifier, or an `arn:aws:rds:<region>:<account>:auto-backup:ab-…` ARN",
        problems: (value) => {
          if (value === noRestore || automatedBackupsArnPattern.test(value)) return [];
          if (value.startsWith("arn:"))
            return [
              `${JSON.stringify(value)} is not an automated-backups ARN (arn:aws:rds:<region>:<account>:auto-backup:ab-…)`,
            ];
          return rdsIdentifierProblems(value, 63).map((problem) => `${JSON.stringify(value)} ${problem}`);
        },
      }),
      default: noRestore,
    },
    restoreTime: {
      key: "dbRestoreTime",
      description: "The point in time `dbRestoreSource` is restored to: the latest restorable time, or a UTC instant",
      kind: text({
        allowed: "`latest` or a UTC time such as `2026-11-30T18:05:00Z`",
        problems: (value) =>
          value === latestRestorableTime || isUtcInstant(value)
            ? []
            : [`${JSON.stringify(value)} must be latest or a UTC time such as 2026-11-30T18:05:00Z`],
      }),
      default: latestRestorableTime,
    },
    backupReplicationRegion: {
      key: "backupReplicationRegion",
      description:
        "Second region the primary's automated backups are replicated to (with a KMS key there), for a restore after a region loss",
      kind: text({
        allowed: "`none` or an AWS region name other than `aws:region`",
        problems: (value) =>
          value === noReplication || regionPattern.test(value)
            ? []
            : [`${JSON.stringify(value)} is not an AWS region name`],
      }),
      default: noReplication,
    },
    backupReplicationRetentionDays: {
      key: "backupReplicationRetentionDays",
      description: "Days the replicated automated backups are kept in the second region",
      kind: integer(1, 35),
      default: "7",
    },
    gameDays: {
      key: "gameDays",
      description:
        "AWS FIS experiment templates (stop API tasks, reboot the primary, interrupt the cache's zone), each stopped by the page alarms and with its own role",
      kind: boolean,
      default: "false",
    },
  },
  (rule, key) => [
    rule({
      field: "restoreTime",
      allowed: `a time only with \`${key("restoreSource")}\``,
      uses: ["restoreSource", "restoreTime"],
      // A time without a source would be silently ignored: an operator would believe a restore was asked for.
      check: ({ restoreSource, restoreTime }) =>
        restoreSource === noRestore && restoreTime !== latestRestorableTime
          ? `${restoreTime} is set but ${key("restoreSource")} is none: name the instance to restore from`
          : undefined,
    }),
  ],
);
