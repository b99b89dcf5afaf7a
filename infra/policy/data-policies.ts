// Data tier guarantees: encrypted, private, recoverable.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { minBackupRetentionDays } from "../data/database-settings.js";

const rdsInstance = "aws:rds/instance:Instance";
const replicationGroup = "aws:elasticache/replicationGroup:ReplicationGroup";

export const dataPolicies: ResourceValidationPolicy[] = [
  {
    name: "database-storage-encrypted",
    description:
      "RDS primaries encrypt their storage; same-region read replicas inherit their source's key and must not name one (RDS rejects KmsKeyId on them).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== rdsInstance) return;
      if (args.props.replicateSourceDb === undefined) {
        if (args.props.storageEncrypted !== true) reportViolation("storageEncrypted must be true");
        return;
      }
      for (const key of ["kmsKeyId", "storageEncrypted"])
        if (args.props[key] !== undefined)
          reportViolation(`a same-region read replica inherits its source's encryption: drop ${key}`);
    },
  },
  {
    name: "database-not-public",
    description: "RDS instances are never publicly accessible.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type === rdsInstance && args.props.publiclyAccessible === true)
        reportViolation("publiclyAccessible must be false");
    },
  },
  {
    name: "database-backup-retention",
    description: `Primary RDS instances keep automated backups (point-in-time recovery) for at least ${minBackupRetentionDays} days; read replicas cannot and are exempt.`,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== rdsInstance || args.props.replicateSourceDb !== undefined) return;
      const retention = args.props.backupRetentionPeriod;
      if (typeof retention !== "number" || retention < minBackupRetentionDays) {
        reportViolation(
          `backupRetentionPeriod is ${String(retention)}; a primary needs at least ${minBackupRetentionDays}`,
        );
      }
    },
  },
  {
    name: "cache-encrypted",
    description: "ElastiCache replication groups encrypt in transit (TLS) and at rest.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== replicationGroup) return;
      if (args.props.transitEncryptionEnabled !== true) reportViolation("transitEncryptionEnabled must be true");
      if (args.props.atRestEncryptionEnabled !== true) reportViolation("atRestEncryptionEnabled must be true");
    },
  },
];
