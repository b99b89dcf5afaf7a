// Decisions about the database that do not need AWS: names, replica placement, parameters, log groups, the final
// snapshot's name. Each rule cites its AWS constraint in infra/AWS-CONSTRAINTS.md.
import type { DatabaseSettings } from "../config.js";
import { maxConnectionsFor } from "./instance-classes.js";

export const postgresMajorVersion = "16";
export const parameterGroupFamily = "postgres16";
export const postgresPort = 5432;
export const databaseName = "rusty";
export const masterUsername = "rusty_admin";
export const exportedLogTypes = ["postgresql", "upgrade"] as const;

export interface ReplicaPlan {
  readonly identifier: string;
  readonly availabilityZone: string;
}

export function primaryIdentifier(prefix: string): string {
  return `${prefix}-db`;
}

/**
 * A single-AZ primary is pinned to the first zone, so the replicas can be kept out of it (RDS would otherwise
 * pick any zone, possibly a replica's, and one zone outage could take both). Multi-AZ primaries take no zone:
 * RDS places primary and standby itself and rejects an explicit zone.
 */
export function planPrimaryZone(
  settings: Pick<DatabaseSettings, "multiAz">,
  zoneNames: readonly string[],
): string | undefined {
  if (zoneNames.length === 0) throw new RangeError("the database needs at least one zone");
  return settings.multiAz ? undefined : zoneNames[0];
}

/**
 * Replicas go round the zones after the first. With Multi-AZ off the primary is pinned to the first zone, so
 * every replica sits elsewhere and a zone outage still leaves a replica to promote (with one zone there is no
 * elsewhere). With Multi-AZ on the standby already covers a zone loss and replicas simply spread.
 */
export function planReplicas(
  prefix: string,
  settings: Pick<DatabaseSettings, "replicaCount" | "multiAz">,
  zoneNames: readonly string[],
): ReplicaPlan[] {
  if (zoneNames.length === 0) throw new RangeError("replicas need at least one zone");
  const others = zoneNames.length > 1 ? zoneNames.slice(1) : zoneNames;
  const replicaZones = settings.multiAz ? [...others, ...(zoneNames.length > 1 ? zoneNames.slice(0, 1) : [])] : others;
  return Array.from({ length: settings.replicaCount }, (_, i) => ({
    identifier: `${prefix}-db-replica-${i + 1}`,
    availabilityZone: replicaZones[i % replicaZones.length] ?? "",
  }));
}

/**
 * Server parameters: TLS only, slow statements and lock waits logged, and max_connections set explicitly. RDS's
 * default derives it from DBInstanceClassMemory, which AWS does not publish per class, so an alarm could only
 * guess it; a hot standby also refuses to run with a lower max_connections than its primary (PostgreSQL, "Hot
 * Standby"), which the default breaks when a replica's class is smaller. One explicit value in the one group every
 * instance uses settles both. It is a static parameter: RDS accepts only `pending-reboot` for it, and it takes
 * effect when an instance is created with the group (or at its next reboot).
 */
export function databaseParameters(
  settings: Pick<DatabaseSettings, "slowQueryMs">,
  maxConnections: number,
): { name: string; value: string; applyMethod: "immediate" | "pending-reboot" }[] {
  return [
    { name: "max_connections", value: String(maxConnections), applyMethod: "pending-reboot" },
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    { name: "log_min_duration_statement", value: String(settings.slowQueryMs), applyMethod: "immediate" },
    { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
    { name: "log_temp_files", value: "10240", applyMethod: "immediate" },
  ];
}

/** Enhanced monitoring needs a role RDS assumes to publish OS metrics; with the interval at 0 there is none. */
export function needsMonitoringRole(settings: Pick<DatabaseSettings, "monitoringIntervalSeconds">): boolean {
  return settings.monitoringIntervalSeconds > 0;
}

/**
 * Inputs every instance shares, primary and replicas alike (storage encryption is the primary's alone). Generic
 * over the reference type so the component passes Pulumi outputs and the tests plain strings.
 */
export function sharedInstanceInputs<R>(
  settings: DatabaseSettings,
  refs: { securityGroupId: R; parameterGroupName: R; kmsKeyArn: R; monitoringRoleArn: R | undefined },
) {
  return {
    instanceClass: settings.instanceClass,
    vpcSecurityGroupIds: [refs.securityGroupId],
    parameterGroupName: refs.parameterGroupName,
    caCertIdentifier: settings.caCertificate,
    publiclyAccessible: false,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: refs.kmsKeyArn,
    performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
    monitoringInterval: settings.monitoringIntervalSeconds,
    monitoringRoleArn: refs.monitoringRoleArn,
    enabledCloudwatchLogsExports: [...exportedLogTypes],
    autoMinorVersionUpgrade: true,
    deletionProtection: settings.deletionProtection,
    copyTagsToSnapshot: true,
  };
}

/** CloudWatch log groups RDS writes exported logs to; created first so their retention is ours. */
export function instanceLogGroupNames(identifier: string): string[] {
  return exportedLogTypes.map((type) => `/aws/rds/instance/${identifier}/${type}`);
}

/** max_connections of every instance: sized for the smallest class among the primary and its replicas. */
export function databaseMaxConnections(
  settings: Pick<DatabaseSettings, "instanceClass" | "replicaInstanceClass" | "replicaCount">,
): number {
  return maxConnectionsFor([
    settings.instanceClass,
    ...(settings.replicaCount > 0 ? [settings.replicaInstanceClass] : []),
  ]);
}

/**
 * RDS identifier rules (CreateDBInstance DBInstanceIdentifier: 1–63 characters; CreateDBSnapshot
 * DBSnapshotIdentifier and DeleteDBInstance FinalDBSnapshotIdentifier: 1–255): letters, digits and hyphens, a
 * letter first, no hyphen last and never two in a row. Returns every rule the value breaks.
 */
export function rdsIdentifierProblems(value: string, maxLength: 63 | 255): string[] {
  const problems: string[] = [];
  if (value.length < 1 || value.length > maxLength) problems.push(`must be 1 to ${maxLength} characters`);
  if (!/^[A-Za-z0-9-]*$/.test(value)) problems.push("may contain only letters, digits and hyphens");
  if (!/^[A-Za-z]/.test(value)) problems.push("must start with a letter");
  if (value.endsWith("-")) problems.push("must not end with a hyphen");
  if (value.includes("--")) problems.push("must not contain two consecutive hyphens");
  return problems;
}

/** Bytes of the random suffix: 8 hex characters, so the name stays short and readable in the console. */
export const finalSnapshotSuffixBytes = 4;

/**
 * `<primary>-final-<hex>`: the suffix is a random id created with the instance and replaced with it (see
 * `primaryReplacingInputs`), so every deleted instance leaves a snapshot of its own name. A fixed name fails the
 * second teardown, or any replacement, with DBSnapshotAlreadyExists.
 */
export function finalSnapshotIdentifier(primary: string, suffixHex: string): string {
  const identifier = `${primary}-final-${suffixHex}`;
  const problems = [
    ...rdsIdentifierProblems(primary, 63).map((p) => `instance identifier ${JSON.stringify(primary)} ${p}`),
    ...(/^[0-9a-f]+$/.test(suffixHex) ? [] : [`suffix ${JSON.stringify(suffixHex)} must be lowercase hex`]),
    ...rdsIdentifierProblems(identifier, 255).map((p) => `snapshot identifier ${JSON.stringify(identifier)} ${p}`),
  ];
  if (problems.length > 0) throw new RangeError(problems.join("; "));
  return identifier;
}

/**
 * The primary's inputs that make the provider replace the instance (they are ForceNew in the aws provider's
 * schema for aws_db_instance): the final-snapshot suffix keeps them, so a new instance gets a new suffix while the
 * old one is deleted under the name it was created with.
 */
export const primaryReplacingInputs = [
  "identifier",
  "engine",
  "availabilityZone",
  "dbName",
  "username",
  "kmsKeyId",
  "storageEncrypted",
] as const;
