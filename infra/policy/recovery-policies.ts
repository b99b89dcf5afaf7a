// Recovery guarantees that must never regress: a production database survives the loss of its region.
import type { StackValidationPolicy } from "@pulumi/policy";
import { effectiveTags, parseMaybeJson } from "./policy-helpers.js";

const rdsInstance = "aws:rds/instance:Instance";
const backupReplication = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";

/** The environment whose primaries must replicate their backups to another region. */
export const replicatedEnvironment = "production";

export const recoveryStackPolicies: StackValidationPolicy[] = [
  {
    name: "production-backups-replicated",
    description:
      "Every production RDS primary replicates its automated backups to another region, encrypted there with a key of that region (backupReplicationRegion).",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      const replications = args.resources.filter((r) => r.type === backupReplication);
      for (const primary of args.resources) {
        if (primary.type !== rdsInstance || primary.props.replicateSourceDb !== undefined) continue;
        if (effectiveTags(primary).Environment !== replicatedEnvironment) continue;
        const region = (resource: (typeof args.resources)[number]) => parseMaybeJson(resource.provider?.props.region);
        const copies = replications.filter((replication) =>
          (replication.propertyDependencies.sourceDbInstanceArn ?? []).some((source) => source.urn === primary.urn),
        );
        if (copies.length === 0) {
          reportViolation(`${primary.name} has no automated-backups replication to another region`, primary.urn);
          continue;
        }
        for (const copy of copies) {
          // A key made in the same program is unknown during a first preview: its dependency still names it.
          const keyNamed =
            typeof copy.props.kmsKeyId === "string" ||
            (copy.propertyDependencies.kmsKeyId ?? []).some((key) => key.type === "aws:kms/key:Key");
          if (!keyNamed)
            reportViolation(`${copy.name} names no KMS key in its region (the encrypted source needs one)`, copy.urn);
          if (region(copy) === undefined || region(copy) === region(primary))
            reportViolation(`${copy.name} replicates into the primary's own region`, copy.urn);
        }
      }
    },
  },
];
