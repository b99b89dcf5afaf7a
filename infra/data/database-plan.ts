// Decisions about the database that do not need AWS: names, replica placement, parameters, log groups.
import type { DatabaseSettings } from "../config.js";

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

/** Server parameters: TLS only, slow statements and lock waits logged. */
export function databaseParameters(
  settings: Pick<DatabaseSettings, "slowQueryMs">,
): { name: string; value: string; applyMethod: "immediate" | "pending-reboot" }[] {
  return [
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    { name: "log_min_duration_statement", value: String(settings.slowQueryMs), applyMethod: "immediate" },
    { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
    { name: "log_temp_files", value: "10240", applyMethod: "immediate" },
  ];
}

/** CloudWatch log groups RDS writes exported logs to; created first so their retention is ours. */
export function instanceLogGroupNames(identifier: string): string[] {
  return exportedLogTypes.map((type) => `/aws/rds/instance/${identifier}/${type}`);
}
