// Every CloudWatch alarm of the stack as data, after AWS's recommended alarms for each service (load balancer,
// ECS, RDS, ElastiCache): 60 s periods, 5 of 5 datapoints unless noted. Each alarm's key names its runbook page,
// runbooks/alerts/<key>.md. Generic over the dimension value type so the component can pass Pulumi outputs and
// the tests plain strings.
import { fiveOfFive, type AlarmContext, type AlarmSpec, type MetricSpec } from "./alarm-spec.js";
import { databaseAlarms } from "./database-alarm-plan.js";

export { idleReplicaLagCeilingSeconds, replicaLagThresholdSeconds } from "./database-alarm-plan.js";

export type { AlarmContext, AlarmSpec, Comparison, MetricSpec } from "./alarm-spec.js";

export const alarmPeriodSeconds = 60;

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
