// The database's CloudWatch alarms (alarm-plan.ts holds the rest): per instance, thresholds sized from its class and
// from the parameter group's explicit max_connections (the database component's, passed in); replica lag on
// replicas only.
import { instanceClassMemoryGiB } from "../data/instance-classes.js";
import { fiveOfFive, gib, type AlarmContext, type AlarmSpec, type Comparison, type MetricSpec } from "./alarm-spec.js";

/**
 * With no writes on the primary, an RDS for PostgreSQL replica reports ReplicaLag (the age of its last replayed
 * transaction) climbing to about five minutes before the next WAL switch resets it: a quiet database is not a
 * lagging one. The lag alarm's threshold sits a full idle cycle above that (runbooks/alerts/DatabaseReplicaLagHigh.md).
 */
export const idleReplicaLagCeilingSeconds = 300;
export const replicaLagThresholdSeconds = 2 * idleReplicaLagCeilingSeconds;

export function databaseAlarms<D>(c: AlarmContext<D>): AlarmSpec<D>[] {
  const instances = [
    { id: c.database.primary, instanceClass: c.database.instanceClass, replica: false },
    ...c.database.replicas.map((id) => ({ id, instanceClass: c.database.replicaInstanceClass, replica: true })),
  ];
  return instances.flatMap(({ id, instanceClass, replica }) => {
    const suffix = id.slice(c.prefix.length + 1);
    const metric = (metricName: string, stat: string): MetricSpec<D> => ({
      namespace: "AWS/RDS",
      metricName,
      stat,
      dimensions: { DBInstanceIdentifier: id },
    });
    const alarm = (
      key: string,
      summary: string,
      comparison: Comparison,
      threshold: number,
      m: MetricSpec<D>,
    ): AlarmSpec<D> => ({
      ...fiveOfFive,
      key,
      name: `${c.prefix}-${key}-${suffix}`,
      summary: `${id}: ${summary}`,
      comparison,
      threshold,
      metric: m,
    });
    const { maxConnections } = c.database;
    const specs = [
      alarm(
        "DatabaseCpuHigh",
        "CPU above 90 % for 5 minutes.",
        "GreaterThanThreshold",
        90,
        metric("CPUUtilization", "Average"),
      ),
      alarm(
        "DatabaseFreeStorageLow",
        `free storage under ${Math.max(1, c.database.allocatedStorageGiB / 10)} GiB.`,
        "LessThanThreshold",
        Math.max(1, c.database.allocatedStorageGiB / 10) * gib,
        metric("FreeStorageSpace", "Minimum"),
      ),
      alarm(
        "DatabaseFreeableMemoryLow",
        "freeable memory under 5 % of the instance's memory.",
        "LessThanThreshold",
        Math.round(instanceClassMemoryGiB(instanceClass) * gib * 0.05),
        metric("FreeableMemory", "Minimum"),
      ),
      alarm(
        "DatabaseConnectionsHigh",
        `connections above 80 % of max_connections (${maxConnections}).`,
        "GreaterThanThreshold",
        Math.floor(maxConnections * 0.8),
        metric("DatabaseConnections", "Maximum"),
      ),
      alarm(
        "DatabaseReadLatencyHigh",
        "read latency p90 above 20 ms for 5 minutes.",
        "GreaterThanThreshold",
        0.02,
        metric("ReadLatency", "p90"),
      ),
      alarm(
        "DatabaseWriteLatencyHigh",
        "write latency p90 above 20 ms for 5 minutes.",
        "GreaterThanThreshold",
        0.02,
        metric("WriteLatency", "p90"),
      ),
      alarm(
        "DatabaseTransactionIdsHigh",
        "over 1 billion transaction IDs used: vacuum is falling behind wraparound.",
        "GreaterThanThreshold",
        1_000_000_000,
        metric("MaximumUsedTransactionIDs", "Maximum"),
      ),
    ];
    if (replica)
      specs.push(
        alarm(
          "DatabaseReplicaLagHigh",
          `replica more than ${replicaLagThresholdSeconds} s behind the primary for 5 minutes (an idle primary alone shows up to ${idleReplicaLagCeilingSeconds} s).`,
          "GreaterThanThreshold",
          replicaLagThresholdSeconds,
          metric("ReplicaLag", "Maximum"),
        ),
      );
    return specs;
  });
}
