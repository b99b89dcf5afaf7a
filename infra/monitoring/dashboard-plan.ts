// The CloudWatch dashboard: one row per tier (edge, service, database, cache) and the alarm states on top.
export interface DashboardContext {
  readonly region: string;
  readonly loadBalancer: string;
  readonly targetGroup: string;
  readonly clusterName: string;
  readonly serviceName: string;
  readonly databaseInstances: readonly string[];
  readonly cacheNodes: readonly string[];
  readonly alarmArns: readonly string[];
}

type MetricLine = (string | Record<string, string>)[];

interface Widget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

function graph(title: string, metrics: MetricLine[], x: number, y: number, stat = "Sum"): Widget {
  return {
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, metrics, stat, period: 60, view: "timeSeries", stacked: false },
  };
}

export function dashboardBody(c: DashboardContext): string {
  const alb = ["LoadBalancer", c.loadBalancer];
  const tg = [...alb, "TargetGroup", c.targetGroup];
  const svc = ["ClusterName", c.clusterName, "ServiceName", c.serviceName];
  const perDb = (metric: string) => c.databaseInstances.map((id) => ["AWS/RDS", metric, "DBInstanceIdentifier", id]);
  const perNode = (metric: string) => c.cacheNodes.map((id) => ["AWS/ElastiCache", metric, "CacheClusterId", id]);
  const widgets: Widget[] = [
    { type: "alarm", x: 0, y: 0, width: 24, height: 4, properties: { title: "Alarms", alarms: [...c.alarmArns] } },
    graph(
      "Requests and 5xx",
      [
        ["AWS/ApplicationELB", "RequestCount", ...alb],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...tg],
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...alb],
      ],
      0,
      4,
    ),
    graph(
      "Response time p50 / p99 (s)",
      [
        ["AWS/ApplicationELB", "TargetResponseTime", ...tg, { stat: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...tg, { stat: "p99" }],
      ],
      12,
      4,
      "p99",
    ),
    graph(
      "Service CPU / memory (%)",
      [
        ["AWS/ECS", "CPUUtilization", ...svc],
        ["AWS/ECS", "MemoryUtilization", ...svc],
      ],
      0,
      10,
      "Average",
    ),
    graph(
      "Tasks running / desired",
      [
        ["ECS/ContainerInsights", "RunningTaskCount", ...svc],
        ["ECS/ContainerInsights", "DesiredTaskCount", ...svc],
        ["AWS/ApplicationELB", "HealthyHostCount", ...tg],
      ],
      12,
      10,
      "Average",
    ),
    graph("Database CPU (%)", perDb("CPUUtilization"), 0, 16, "Average"),
    graph(
      "Database connections and replica lag",
      [...perDb("DatabaseConnections"), ...perDb("ReplicaLag")],
      12,
      16,
      "Maximum",
    ),
    graph(
      "Cache engine CPU / memory (%)",
      [...perNode("EngineCPUUtilization"), ...perNode("DatabaseMemoryUsagePercentage")],
      0,
      22,
      "Average",
    ),
    graph(
      "Cache evictions and connections",
      [...perNode("Evictions"), ...perNode("CurrConnections")],
      12,
      22,
      "Maximum",
    ),
  ];
  for (const widget of widgets) Object.assign(widget.properties, { region: c.region });
  return JSON.stringify({ widgets });
}
