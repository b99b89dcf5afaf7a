// The database's stack settings, declared once (see config-settings.ts for how declarations become config, checks
// and the README table).
import { boolean, integer, numberIn, text } from "../config-kinds.js";
import { group } from "../config-schema.js";
import { knownInstanceClasses } from "./instance-classes.js";

export const minBackupRetentionDays = 7;
export const maxReplicas = 5;

const dbClass = text({
  allowed: "a `db.*` class listed in `infra/data/instance-classes.ts`",
  pattern: /^db\.[a-z0-9]+\.[a-z0-9]+$/,
  hint: "must be an RDS instance class such as db.t4g.medium",
  problems: (value) =>
    knownInstanceClasses.includes(value)
      ? []
      : [`${value} is not a class the alarms know the memory of (${knownInstanceClasses.join(", ")})`],
});

export const databaseSettings = group(
  {
    instanceClass: { key: "dbInstanceClass", description: "RDS instance class of the primary", kind: dbClass },
    multiAz: { key: "dbMultiAz", description: "The primary runs Multi-AZ with a synchronous standby", kind: boolean },
    replicaCount: {
      key: "dbReplicaCount",
      description: "Read replicas, spread over the zones",
      kind: integer(0, maxReplicas),
    },
    replicaInstanceClass: {
      key: "dbReplicaInstanceClass",
      description: "RDS instance class of the read replicas",
      kind: dbClass,
    },
    backupRetentionDays: {
      key: "dbBackupRetentionDays",
      description: "Automated backups kept, in days: the point-in-time-recovery window",
      kind: integer(minBackupRetentionDays, 35),
    },
    deletionProtection: {
      key: "dbDeletionProtection",
      description: "RDS deletion protection on every instance",
      kind: boolean,
    },
    finalSnapshot: {
      key: "dbFinalSnapshot",
      description: "Take a final snapshot when the primary is deleted",
      kind: boolean,
    },
    allocatedStorageGiB: {
      key: "dbAllocatedStorageGiB",
      description: "Initial gp3 storage of the primary, in GiB",
      kind: integer(20, 65536),
    },
    maxAllocatedStorageGiB: {
      key: "dbMaxAllocatedStorageGiB",
      description: "Storage autoscaling ceiling of every instance, in GiB",
      kind: integer(21, 65536),
    },
    performanceInsightsRetentionDays: {
      key: "dbPerformanceInsightsRetentionDays",
      description: "Performance Insights retention in days",
      kind: numberIn([7, ...Array.from({ length: 23 }, (_, i) => 31 * (i + 1)), 731]),
      default: "7",
    },
    monitoringIntervalSeconds: {
      key: "dbMonitoringIntervalSeconds",
      description: "Enhanced monitoring interval in seconds; 0 turns it off",
      kind: numberIn([0, 1, 5, 10, 15, 30, 60]),
    },
    caCertificate: {
      key: "dbCaCertificate",
      description: "Pinned RDS CA certificate",
      kind: text({
        allowed: "an RDS CA identifier such as `rds-ca-rsa2048-g1`",
        pattern: /^rds-ca-[a-z0-9-]+$/,
        hint: "must be an RDS CA identifier such as rds-ca-rsa2048-g1",
      }),
      default: "rds-ca-rsa2048-g1",
    },
    slowQueryMs: {
      key: "dbSlowQueryMs",
      description: "`log_min_duration_statement`: statements slower than this many ms are logged",
      kind: integer(1, 60_000),
      default: "500",
    },
  },
  (rule, key) => [
    rule({
      field: "maxAllocatedStorageGiB",
      allowed: `at least 10 % above \`${key("allocatedStorageGiB")}\` (RDS refuses less)`,
      uses: ["allocatedStorageGiB", "maxAllocatedStorageGiB"],
      check: ({ allocatedStorageGiB: allocated, maxAllocatedStorageGiB: ceiling }) => {
        // RDS refuses a ceiling less than 10 % above the allocated storage ("Invalid max storage size").
        const minimum = Math.ceil((allocated * 11) / 10);
        return ceiling >= minimum
          ? undefined
          : `${ceiling} must be at least 10 % above ${key("allocatedStorageGiB")} (${allocated}), i.e. ${minimum} or more, for storage autoscaling`;
      },
    }),
  ],
);
