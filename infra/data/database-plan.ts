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
 * Replicas go round the zones starting after the primary's first zone, so with Multi-AZ off a zone outage
 * still leaves a replica to promote.
 */
export function planReplicas(
  prefix: string,
  settings: Pick<DatabaseSettings, "replicaCount">,
  zoneNames: readonly string[],
): ReplicaPlan[] {
  if (zoneNames.length === 0) throw new RangeError("replicas need at least one zone");
  return Array.from({ length: settings.replicaCount }, (_, i) => ({
    identifier: `${prefix}-db-replica-${i + 1}`,
    availabilityZone: zoneNames[(i + 1) % zoneNames.length] ?? "",
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
