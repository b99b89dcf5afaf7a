// Region loss: the primary's automated backups (snapshots and transaction logs, so point-in-time restores) copied
// continuously to a second region, encrypted there with a key of that region. A stack in that region restores
// from them with `dbRestoreSource` set to the replicated backup's ARN (runbooks/procedures/region-loss.md).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface BackupReplicationArgs {
  readonly prefix: string;
  /** The destination region; RDS refuses the source's own. */
  readonly region: string;
  readonly sourceDbInstanceArn: pulumi.Input<string>;
  readonly retentionDays: number;
  /** The stack's default tags: the second region's provider is a new provider and carries them again. */
  readonly tags: Readonly<Record<string, string>>;
  readonly protect: boolean;
}

export class BackupReplication extends pulumi.ComponentResource {
  readonly replicationArn: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: BackupReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:recovery:BackupReplication", name, {}, opts);
    // The replication is created by calling StartDBInstanceAutomatedBackupsReplication in the destination region,
    // so the resource (and the key it names) must live there: a provider of its own for that region.
    const provider = new aws.Provider(
      `${args.prefix}-backup-region`,
      { region: args.region as aws.Region, defaultTags: { tags: { ...args.tags } } },
      { parent: this },
    );
    const inRegion = { parent: this, provider };
    // An encrypted source needs a KMS key in the destination region (KmsKeyId is that region's key ARN).
    const key = new aws.kms.Key(
      `${args.prefix}-backup-replica-key`,
      {
        description: `${args.prefix}: replicated RDS automated backups`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      { ...inRegion, protect: args.protect },
    );
    new aws.kms.Alias(
      `${args.prefix}-backup-replica-key-alias`,
      { name: `alias/${args.prefix}-backup-replica`, targetKeyId: key.keyId },
      inRegion,
    );
    const replication = new aws.rds.InstanceAutomatedBackupsReplication(
      `${args.prefix}-db-backup-replication`,
      { sourceDbInstanceArn: args.sourceDbInstanceArn, kmsKeyId: key.arn, retentionPeriod: args.retentionDays },
      inRegion,
    );
    this.replicationArn = replication.id;
    this.kmsKeyArn = key.arn;
    this.registerOutputs({ replicationArn: this.replicationArn, kmsKeyArn: this.kmsKeyArn });
  }
}
