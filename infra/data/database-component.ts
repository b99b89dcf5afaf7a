// RDS PostgreSQL 16 in the isolated subnets: encrypted primary (Multi-AZ by config) with point-in-time recovery,
// read replicas over the zones, TLS forced, RDS-managed master password in Secrets Manager, logs with retention.
// The primary is created empty, or as a point-in-time restore when the recovery settings ask for one
// (infra/recovery/restore-plan.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DatabaseSettings } from "../config.js";
import {
  databaseMaxConnections,
  databaseName,
  databaseParameters,
  finalSnapshotIdentifier,
  finalSnapshotSuffixBytes,
  instanceLogGroupNames,
  masterUsername,
  needsMonitoringRole,
  parameterGroupFamily,
  planPrimaryZone,
  planReplicas,
  postgresMajorVersion,
  postgresPort,
  primaryIdentifier,
  primaryReplacingInputs,
  sharedInstanceInputs,
} from "./database-plan.js";
import type { RestorePlan } from "../recovery/restore-plan.js";
import { enhancedMonitoringRole } from "./enhanced-monitoring-role.js";

export interface DatabaseArgs {
  readonly prefix: string;
  readonly settings: DatabaseSettings;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<string>[];
  readonly zoneNames: readonly string[];
  readonly serviceSecurityGroupId: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly accountId: string;
  readonly logRetentionDays: number;
  readonly protect: boolean;
  /** Create the primary as a point-in-time restore (infra/recovery/restore-plan.ts); absent, it starts empty. */
  readonly restore?: RestorePlan;
}

export class Database extends pulumi.ComponentResource {
  readonly primaryIdentifier: string;
  /** The primary's ARN: backup replication and the game-day reboot name it. */
  readonly primaryArn: pulumi.Output<string>;
  readonly replicaIdentifiers: string[];
  readonly address: pulumi.Output<string>;
  readonly port: number = postgresPort;
  readonly replicaAddresses: pulumi.Output<string>[];
  readonly databaseName = databaseName;
  readonly masterUsername = masterUsername;
  /** The RDS-managed secret holding `username` and `password`; RDS rotates it. */
  readonly masterSecretArn: pulumi.Output<string>;
  /** Name of the snapshot RDS takes when the primary is deleted (empty when dbFinalSnapshot is off). */
  readonly finalSnapshotIdentifier: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  /** DbiResourceId of the primary, then of each replica: what `rds-db:connect` names, one ARN per instance. */
  readonly resourceIds: pulumi.Output<string>[];
  /** The explicit max_connections of every instance (one parameter group); the connection alarms use it. */
  readonly maxConnections: number;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("rusty-saas:data:Database", name, {}, opts);
    const { prefix, settings } = args;
    if (args.zoneNames.length === 0) throw new Error(`Database ${name}: no availability zones given`);
    const replicaPlans = planReplicas(prefix, settings, args.zoneNames);
    this.maxConnections = databaseMaxConnections(settings);
    const sg = this.securityGroup(args);
    this.securityGroupId = sg.id;
    const subnetGroup = new aws.rds.SubnetGroup(
      `${prefix}-db-subnets`,
      { subnetIds: args.subnetIds, description: "Isolated subnets" },
      { parent: this },
    );
    const parameterGroup = new aws.rds.ParameterGroup(
      `${prefix}-pg16`,
      {
        family: parameterGroupFamily,
        description: "TLS only, slow query logging",
        parameters: databaseParameters(settings, this.maxConnections),
      },
      { parent: this },
    );
    const monitoringRole = needsMonitoringRole(settings)
      ? enhancedMonitoringRole(prefix, args.accountId, this)
      : undefined;
    const shared = sharedInstanceInputs<pulumi.Input<string>>(settings, {
      securityGroupId: sg.id,
      parameterGroupName: parameterGroup.name,
      kmsKeyArn: args.kmsKeyArn,
      monitoringRoleArn: monitoringRole?.arn,
    });

    this.primaryIdentifier = args.restore?.identifier ?? primaryIdentifier(prefix);
    const primary = this.primary(args, shared, subnetGroup);
    this.primaryArn = primary.arn;
    this.address = primary.address;
    this.finalSnapshotIdentifier = primary.finalSnapshotIdentifier.apply((id) => id ?? "");
    this.masterSecretArn = primary.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");

    const replicas = replicaPlans.map(
      (plan) =>
        new aws.rds.Instance(
          plan.identifier,
          {
            // Not kmsKeyId nor storageEncrypted: a same-region replica always uses its source's key, and RDS
            // answers InvalidParameterCombination when CreateDBInstanceReadReplica is given one.
            ...shared,
            identifier: plan.identifier,
            instanceClass: settings.replicaInstanceClass,
            replicateSourceDb: primary.identifier,
            // The app logs in to replicas with IAM tokens too (each instance checks its own setting).
            iamDatabaseAuthenticationEnabled: true,
            availabilityZone: plan.availabilityZone,
            // Storage autoscaling is per instance: a replica without a ceiling of its own stops growing at its
            // initial size while the primary grows, and replication halts when it fills up.
            maxAllocatedStorage: settings.maxAllocatedStorageGiB,
            // Replicas cannot keep automated backups of their own; PITR comes from the primary.
            backupRetentionPeriod: 0,
            // DeleteDBInstance refuses a final snapshot identifier for a read replica.
            skipFinalSnapshot: true,
          },
          {
            parent: this,
            protect: args.protect,
            dependsOn: this.logGroups(plan.identifier, args.logRetentionDays),
            // A restored primary is a new instance: a replica cannot be re-pointed at it (ModifyDBInstance has no
            // source), so it is made again from the new primary. Its identifier is fixed, so the old one goes first.
            replaceOnChanges: ["replicateSourceDb"],
            deleteBeforeReplace: true,
          },
        ),
    );
    this.replicaIdentifiers = replicaPlans.map((plan) => plan.identifier);
    this.replicaAddresses = replicas.map((replica) => replica.address);
    this.resourceIds = [primary.resourceId, ...replicas.map((replica) => replica.resourceId)];
    this.registerOutputs({ address: this.address, masterSecretArn: this.masterSecretArn });
  }

  /** PostgreSQL reachable from the service tasks' group only, in both directions' rules. */
  private securityGroup(args: DatabaseArgs): aws.ec2.SecurityGroup {
    const child = { parent: this };
    const sg = new aws.ec2.SecurityGroup(
      `${args.prefix}-db-sg`,
      { vpcId: args.vpcId, description: "PostgreSQL: service tasks only", tags: { Name: `${args.prefix}-db` } },
      child,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${args.prefix}-db-from-service`,
      {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: postgresPort,
        toPort: postgresPort,
        referencedSecurityGroupId: args.serviceSecurityGroupId,
        description: "PostgreSQL from service tasks",
      },
      child,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${args.prefix}-service-to-db`,
      {
        securityGroupId: args.serviceSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: postgresPort,
        toPort: postgresPort,
        referencedSecurityGroupId: sg.id,
        description: "Service tasks to PostgreSQL",
      },
      child,
    );
    return sg;
  }

  private primary(
    args: DatabaseArgs,
    shared: ReturnType<typeof sharedInstanceInputs<pulumi.Input<string>>>,
    subnetGroup: aws.rds.SubnetGroup,
  ): aws.rds.Instance {
    const { settings, restore } = args;
    // A restore brings the source's databases, master user and encryption key with it, and RDS takes none of
    // them as arguments: see argumentsARestoreOmits for why setting them anyway replaces the restored primary.
    const created = restore
      ? { restoreToPointInTime: restore.restoreToPointInTime }
      : { dbName: databaseName, username: masterUsername, kmsKeyId: args.kmsKeyArn };
    const instance = {
      ...shared,
      ...created,
      identifier: this.primaryIdentifier,
      engine: "postgres",
      // Kept on a restore too: the restored storage is encrypted (the source's is), and the provider's
      // storage_encrypted forces a replacement when the configured value and the instance's differ.
      storageEncrypted: true,
      engineVersion: postgresMajorVersion,
      allocatedStorage: settings.allocatedStorageGiB,
      maxAllocatedStorage: settings.maxAllocatedStorageGiB,
      storageType: "gp3",
      multiAz: settings.multiAz,
      // Changing an instance's zone replaces it: on an existing single-AZ primary placed elsewhere by RDS the
      // preview shows a replacement and the stateful-change guard stops the deploy (move it deliberately).
      availabilityZone: planPrimaryZone(settings, args.zoneNames),
      dbSubnetGroupName: subnetGroup.name,
      manageMasterUserPassword: true,
      // The app's role (rusty_api, granted rds_iam by a migration) logs in with IAM tokens, never a password.
      iamDatabaseAuthenticationEnabled: true,
      masterUserSecretKmsKeyId: args.kmsKeyArn,
      backupRetentionPeriod: settings.backupRetentionDays,
      // Keep the automated backups (the PITR window) if the instance itself is ever deleted.
      deleteAutomatedBackups: false,
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:03:30-sun:04:30",
      skipFinalSnapshot: !settings.finalSnapshot,
    };
    return new aws.rds.Instance(
      `${args.prefix}-db`,
      {
        ...instance,
        finalSnapshotIdentifier: settings.finalSnapshot ? this.finalSnapshotName(instance) : undefined,
      },
      { parent: this, protect: args.protect, dependsOn: this.logGroups(this.primaryIdentifier, args.logRetentionDays) },
    );
  }

  /**
   * `<primary>-final-<hex>`: the random suffix keeps the inputs that replace the instance, so a replacement (or a
   * stack destroyed and created again) never reuses a snapshot name RDS already holds.
   */
  private finalSnapshotName(
    instance: Partial<Record<(typeof primaryReplacingInputs)[number], pulumi.Input<string | boolean | undefined>>>,
  ): pulumi.Output<string> {
    const keepers = Object.fromEntries(
      primaryReplacingInputs.map((key) => [
        key,
        pulumi.output(instance[key]).apply((value: string | boolean | undefined) => String(value ?? "")),
      ]),
    );
    const suffix = new random.RandomId(
      `${this.primaryIdentifier}-final-snapshot-suffix`,
      { byteLength: finalSnapshotSuffixBytes, keepers },
      { parent: this },
    );
    return suffix.hex.apply((hex) => finalSnapshotIdentifier(this.primaryIdentifier, hex));
  }

  private logGroups(identifier: string, retentionDays: number): aws.cloudwatch.LogGroup[] {
    return instanceLogGroupNames(identifier).map(
      (logGroupName) =>
        new aws.cloudwatch.LogGroup(
          `${identifier}-${logGroupName.split("/").pop() ?? "log"}-logs`,
          { name: logGroupName, retentionInDays: retentionDays },
          { parent: this },
        ),
    );
  }
}
