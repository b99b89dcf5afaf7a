// Every stack setting the program reads, with the line that documents it. `config.ts` reads only these keys,
// `infra/README.md` lists them and both Pulumi.<stack>.yaml files set every one (tests hold all three together).
export interface ConfigKeyDoc {
  readonly description: string;
  /** Used when a stack file leaves the key out; keys without a default are required. */
  readonly default?: string;
}

export const configKeyDocs = {
  environment: {
    description:
      "Environment name used in resource names and the Environment tag (2–12 lowercase letters and digits, e.g. staging)",
  },
  owner: { description: "Owner tag on every AWS resource: the team paged for it" },
  costCenter: { description: "CostCenter tag on every AWS resource, for the bill" },
  availabilityZoneCount: {
    description: "How many availability zones the VPC spans (2–4, at most what the region offers)",
  },
  vpcCidr: {
    description: "IPv4 CIDR of the VPC, prefix /16 to /24; split into public, private and isolated subnets per zone",
  },
  natGateways: { description: "`single` (one NAT gateway, cheaper) or `perAz` (one per zone, survives a zone loss)" },
  interfaceEndpoints: {
    description: "Interface VPC endpoints (service short names, e.g. ecr.api) created in the private subnets",
    default: "[]",
  },
  flowLogRetentionDays: {
    description: "Retention of the VPC flow logs in CloudWatch Logs (a CloudWatch-supported value)",
  },
  logRetentionDays: {
    description: "Retention of the database, cache and application log groups (a CloudWatch-supported value)",
  },
  dbInstanceClass: { description: "RDS instance class of the primary (db.*)" },
  dbMultiAz: { description: "Primary runs Multi-AZ with a synchronous standby (true/false)" },
  dbReplicaCount: { description: "Number of read replicas (0–5), spread over the zones" },
  dbReplicaInstanceClass: { description: "RDS instance class of the read replicas (db.*)" },
  dbBackupRetentionDays: {
    description: "Automated backup retention in days: the point-in-time-recovery window (7–35)",
  },
  dbDeletionProtection: { description: "RDS deletion protection on every instance (true/false)" },
  dbFinalSnapshot: { description: "Take a final snapshot when the primary is deleted (true/false)" },
  dbAllocatedStorageGiB: { description: "Initial gp3 storage of the primary in GiB (20–65536)" },
  dbMaxAllocatedStorageGiB: {
    description: "Storage autoscaling ceiling in GiB, at least 10 % above the initial size (RDS refuses less)",
  },
  dbPerformanceInsightsRetentionDays: {
    description: "Performance Insights retention (7, or a multiple of 31 up to 731)",
    default: "7",
  },
  dbMonitoringIntervalSeconds: { description: "Enhanced monitoring interval: 0 (off), 1, 5, 10, 15, 30 or 60" },
  dbCaCertificate: { description: "Pinned RDS CA certificate identifier", default: "rds-ca-rsa2048-g1" },
  dbSlowQueryMs: {
    description: "log_min_duration_statement: statements slower than this many ms are logged",
    default: "500",
  },
  cacheNodeType: { description: "ElastiCache node type (cache.*)" },
  cacheNodeCount: { description: "Valkey nodes in the replication group: one primary plus replicas (1–6)" },
  cacheMultiAz: { description: "Spread cache nodes over zones with Multi-AZ (needs automatic failover)" },
  cacheAutomaticFailover: { description: "Promote a replica automatically when the primary fails (needs 2+ nodes)" },
  cacheSnapshotRetentionDays: { description: "Daily cache snapshots kept, in days (0–35)" },
  domainName: { description: "Public name of the API (the certificate and the DNS alias), inside hostedZoneName" },
  hostedZoneName: {
    description: "Route 53 public hosted zone that holds domainName and the certificate's validation records",
  },
  taskCpu: { description: "Fargate task CPU units (256, 512, 1024, 2048, 4096)" },
  taskMemoryMiB: { description: "Fargate task memory in MiB, valid for taskCpu" },
  cpuArchitecture: { description: "ARM64 (Graviton, cheaper) or X86_64; the image is built for it" },
  minTasks: { description: "Fewest running API tasks (autoscaling floor, and the desired count at creation)" },
  maxTasks: { description: "Most running API tasks (autoscaling ceiling)" },
  cpuTargetPercent: { description: "Average service CPU the CPU scaling policy keeps tasks at", default: "60" },
  requestsPerTargetPerMinute: {
    description: "ALB requests per task per minute the request-count scaling policy aims for",
    default: "3000",
  },
  deregistrationDelaySeconds: {
    description: "Target group deregistration delay: how long a stopping task keeps its connections",
  },
  stopTimeoutSeconds: {
    description:
      "Seconds between SIGTERM and SIGKILL (at most 120); must cover deregistration + drain + longest request",
  },
  healthCheckGracePeriodSeconds: {
    description:
      "Start-up allowance (150–300 s): load balancer and liveness checks are ignored while migrations run at start",
    default: "180",
  },
  ecsExec: {
    description:
      "Allow `aws ecs execute-command` into tasks (true/false); makes the API container's root writable (decision 0023)",
  },
  deploymentAlarms: {
    description: "Roll a deployment back when the 5xx-ratio or p99-latency alarm fires during it (true/false)",
  },
  logLevel: { description: "LOG_LEVEL of the API", default: "info" },
  corsOrigins: { description: "Origins allowed by CORS (full origins such as https://app.example.com)", default: "[]" },
  albDeletionProtection: { description: "Deletion protection on the load balancer (true/false)" },
  albAccessLogs: { description: "Write load balancer access logs to an encrypted S3 bucket (true/false)" },
  albAccessLogRetentionDays: {
    description: "Days access logs are kept in their bucket before expiring",
    default: "90",
  },
  hsts: { description: "Send Strict-Transport-Security from the HTTPS listener (true/false)" },
  wafEnabled: {
    description: "Attach a WAF web ACL (rate-based rule plus AWS common rules) to the load balancer (true/false)",
  },
  wafRateLimitPer5Minutes: {
    description: "Requests one client IP may send per 5 minutes before WAF blocks it",
    default: "2000",
  },
  alarmEmails: {
    description: "E-mail addresses subscribed to the alarm topic (each must confirm once)",
    default: "[]",
  },
  monthlyBudgetUsd: {
    description: "Monthly cost budget in USD with alerts at 80 % actual and 100 % forecast; 0 for none",
  },
  adotCollectorImage: {
    description: "ADOT collector image of the metrics sidecar, pinned by tag",
    default: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3",
  },
  protectStatefulResources: {
    description:
      "Pulumi `protect` on the database, cache, key and access-log bucket: a destroy or replacement fails until lifted",
  },
} as const satisfies Record<string, ConfigKeyDoc>;

export type ConfigKey = keyof typeof configKeyDocs;

/** The Pulumi namespace of the project's own keys (`rusty-saas:<key>`). */
export const configNamespace = "rusty-saas";
