// Every CloudWatch alarm of the stack as data (REFERENCE.md "alarms worth shipping"): 60 s periods, 5 of 5
// datapoints unless noted. Each alarm's key names its runbook page, runbooks/alerts/<key>.md. Generic over the
// dimension value type so the component can pass Pulumi outputs and the tests plain strings.
import { databaseMaxConnections } from "../data/database-plan.js";
import { instanceClassMemoryGiB } from "../data/instance-classes.js";

export type Comparison = "GreaterThanThreshold" | "LessThanThreshold";

export interface MetricSpec<D> {
  readonly namespace: string;
  readonly metricName: string;
  readonly stat: string;
  readonly dimensions: Record<string, D | string>;
}

export interface AlarmSpec<D> {
  readonly key: string;
  readonly name: string;
  readonly summary: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: "missing" | "notBreaching" | "breaching";
  /** A single metric, or metric math: `expression` over the named metrics. */
  readonly metric?: MetricSpec<D>;
  readonly math?: { readonly expression: string; readonly metrics: Record<string, MetricSpec<D>> };
}

export interface AlarmContext<D> {
  readonly prefix: string;
  readonly loadBalancer: D;
  readonly targetGroup: D;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly database: {
    readonly primary: string;
    readonly replicas: readonly string[];
    readonly instanceClass: string;
    readonly replicaInstanceClass: string;
    readonly allocatedStorageGiB: number;
  };
  readonly cacheNodes: readonly string[];
}

export const alarmPeriodSeconds = 60;
/**
 * With no writes on the primary, an RDS for PostgreSQL replica reports ReplicaLag (the age of its last replayed
 * transaction) climbing to about five minutes before the next WAL switch resets it: a quiet database is not a
 * lagging one. The lag alarm's threshold sits a full idle cycle above that (runbooks/alerts/DatabaseReplicaLagHigh.md).
 */
export const idleReplicaLagCeilingSeconds = 300;
export const replicaLagThresholdSeconds = 2 * idleReplicaLagCeilingSeconds;
export const deploymentAlarmKeys = ["ApiHigh5xxRatio", "ApiHighLatencyP99"] as const;

export function runbookPath(key: string): string {
  return `runbooks/alerts/${key}.md`;
}

export function alarmDescription(spec: Pick<AlarmSpec<unknown>, "key" | "summary">): string {
  return `${spec.summary} Runbook: ${runbookPath(spec.key)}`;
}

const fiveXxErrors = "(FILL(target5xx, 0) + FILL(elb5xx, 0))";
/** Percent of routed requests answered 5xx; 100 when errors reach or pass the routed count, 0 with no traffic. */
export const fiveXxRatioExpression = `IF(${fiveXxErrors} >= FILL(requests, 0), IF(${fiveXxErrors} > 0, 100, 0), 100 * ${fiveXxErrors} / FILL(requests, 0))`;

type Base = Pick<AlarmSpec<unknown>, "evaluationPeriods" | "datapointsToAlarm" | "treatMissingData">;
const fiveOfFive: Base = { evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: "missing" };
const gib = 1024 ** 3;

export function alarmPlan<D>(context: AlarmContext<D>): AlarmSpec<D>[] {
  return [
    ...loadBalancerAlarms(context),
    ...serviceAlarms(context),
    ...databaseAlarms(context),
    ...cacheAlarms(context),
  ];
}

function loadBalancerAlarms<D>(c: AlarmContext<D>): AlarmSpec<D>[] {
  const lb = { LoadBalancer: c.loadBalancer };
  const target = { LoadBalancer: c.loadBalancer, TargetGroup: c.targetGroup };
  const sum = (metricName: string, dimensions: Record<string, D | string>): MetricSpec<D> => ({
    namespace: "AWS/ApplicationELB",
    metricName,
    stat: "Sum",
    dimensions,
  });
  return [
    {
      ...fiveOfFive,
      key: "ApiHigh5xxRatio",
      name: `${c.prefix}-ApiHigh5xxRatio`,
      comparison: "GreaterThanThreshold",
      threshold: 5,
      treatMissingData: "notBreaching",
      summary: "More than 5 % of API requests answered 5xx (targets and load balancer) for 5 minutes.",
      // The denominator is what the load balancer routed to the API's target group (RequestCount by target
      // group), not its RequestCount overall, which also counts the port-80 redirects: a burst of plain-HTTP
      // traffic would dilute a real outage. 5xx the load balancer answers without choosing a target (none
      // registered) are counted by no target group, so more errors than routed requests reads as 100 %.
      math: {
        expression: fiveXxRatioExpression,
        metrics: {
          requests: sum("RequestCount", target),
          target5xx: sum("HTTPCode_Target_5XX_Count", target),
          elb5xx: sum("HTTPCode_ELB_5XX_Count", lb),
        },
      },
    },
    {
      ...fiveOfFive,
      key: "ApiHighLatencyP99",
      name: `${c.prefix}-ApiHighLatencyP99`,
      comparison: "GreaterThanThreshold",
      threshold: 2,
      treatMissingData: "notBreaching",
      summary: "API p99 response time above 2 s for 5 minutes.",
      metric: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", stat: "p99", dimensions: target },
    },
    {
      ...fiveOfFive,
      key: "ApiNoHealthyTargets",
      name: `${c.prefix}-ApiNoHealthyTargets`,
      comparison: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "breaching",
      summary: "No API task passes the /ready health check: the API is down.",
      metric: { namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", stat: "Minimum", dimensions: target },
    },
    {
      ...fiveOfFive,
      key: "ApiRejectedConnections",
      name: `${c.prefix}-ApiRejectedConnections`,
      comparison: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
      summary: "The load balancer rejected connections (its connection limit was reached).",
      metric: sum("RejectedConnectionCount", lb),
    },
  ];
}

function serviceAlarms<D>(c: AlarmContext<D>): AlarmSpec<D>[] {
  const dims = { ClusterName: c.clusterName, ServiceName: c.serviceName };
  const insights = (metricName: string): MetricSpec<D> => ({
    namespace: "ECS/ContainerInsights",
    metricName,
    stat: "Average",
    dimensions: dims,
  });
  const usage = (key: string, metricName: string, what: string): AlarmSpec<D> => ({
    ...fiveOfFive,
    key,
    name: `${c.prefix}-${key}`,
    comparison: "GreaterThanThreshold",
    threshold: 90,
    summary: `API service ${what} above 90 % for 5 minutes.`,
    metric: { namespace: "AWS/ECS", metricName, stat: "Average", dimensions: dims },
  });
  return [
    {
      // Container Insights reports nothing for a new or idle service: not an outage (ApiNoHealthyTargets is the outage).
      ...fiveOfFive,
      key: "ApiTasksBelowDesired",
      name: `${c.prefix}-ApiTasksBelowDesired`,
      comparison: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
      summary: "Fewer API tasks running than desired for 5 minutes (Container Insights).",
      math: {
        expression: "desired - running",
        metrics: { desired: insights("DesiredTaskCount"), running: insights("RunningTaskCount") },
      },
    },
    usage("ApiCpuHigh", "CPUUtilization", "CPU"),
    usage("ApiMemoryHigh", "MemoryUtilization", "memory"),
  ];
}

function databaseAlarms<D>(c: AlarmContext<D>): AlarmSpec<D>[] {
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
    // Every instance runs the parameter group's explicit max_connections (database-plan.ts).
    const maxConnections = databaseMaxConnections({
      instanceClass: c.database.instanceClass,
      replicaInstanceClass: c.database.replicaInstanceClass,
      replicaCount: c.database.replicas.length,
    });
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

function cacheAlarms<D>(c: AlarmContext<D>): AlarmSpec<D>[] {
  return c.cacheNodes.flatMap((node) => {
    const suffix = node.slice(c.prefix.length + 1);
    const metric = (metricName: string, stat: string): MetricSpec<D> => ({
      namespace: "AWS/ElastiCache",
      metricName,
      stat,
      dimensions: { CacheClusterId: node },
    });
    const alarm = (
      key: string,
      summary: string,
      threshold: number,
      m: MetricSpec<D>,
      treatMissingData: AlarmSpec<D>["treatMissingData"] = "missing",
    ): AlarmSpec<D> => ({
      ...fiveOfFive,
      key,
      name: `${c.prefix}-${key}-${suffix}`,
      summary: `${node}: ${summary}`,
      comparison: "GreaterThanThreshold",
      threshold,
      metric: m,
      treatMissingData,
    });
    const specs = [
      alarm(
        "CacheEngineCpuHigh",
        "engine CPU above 90 % for 5 minutes.",
        90,
        metric("EngineCPUUtilization", "Average"),
      ),
      alarm(
        "CacheMemoryHigh",
        "memory use above 90 % of maxmemory.",
        90,
        metric("DatabaseMemoryUsagePercentage", "Average"),
      ),
      alarm(
        "CacheEvictions",
        "more than 100 keys a minute evicted (rate-limit state and caches lost).",
        100,
        metric("Evictions", "Sum"),
      ),
      alarm("CacheConnectionsHigh", "more than 5000 client connections.", 5000, metric("CurrConnections", "Maximum")),
    ];
    // Only replicas report ReplicationLag; after a failover the roles swap, so every node of a group gets it.
    if (c.cacheNodes.length > 1)
      specs.push(
        alarm(
          "CacheReplicationLagHigh",
          "replication more than 30 s behind.",
          30,
          metric("ReplicationLag", "Maximum"),
          "notBreaching",
        ),
      );
    return specs;
  });
}
