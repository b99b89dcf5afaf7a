// Every stack setting the program reads, with the line that documents it. `config.ts` reads only these keys,
// `infra/README.md` lists them and both Pulumi.<stack>.yaml files set every one (tests hold all three together).
export interface ConfigKeyDoc {
  readonly description: string;
  /** Used when a stack file leaves the key out; keys without a default are required. */
  readonly default?: string;
}

export const configKeyDocs = {
  environment: { description: "Environment name used in resource names and the Environment tag (lowercase, e.g. staging)" },
  owner: { description: "Owner tag on every AWS resource: the team paged for it" },
  costCenter: { description: "CostCenter tag on every AWS resource, for the bill" },
  availabilityZoneCount: { description: "How many availability zones the VPC spans (2–4, at most what the region offers)" },
  vpcCidr: { description: "IPv4 CIDR of the VPC, prefix /16 to /24; split into public, private and isolated subnets per zone" },
  natGateways: { description: "`single` (one NAT gateway, cheaper) or `perAz` (one per zone, survives a zone loss)" },
  interfaceEndpoints: { description: "Interface VPC endpoints (service short names, e.g. ecr.api) created in the private subnets", default: "[]" },
  flowLogRetentionDays: { description: "Retention of the VPC flow logs in CloudWatch Logs (a CloudWatch-supported value)" },
  logRetentionDays: { description: "Retention of the database, cache and application log groups (a CloudWatch-supported value)" },
  dbInstanceClass: { description: "RDS instance class of the primary (db.*)" },
  dbMultiAz: { description: "Primary runs Multi-AZ with a synchronous standby (true/false)" },
  dbReplicaCount: { description: "Number of read replicas (0–5), spread over the zones" },
  dbReplicaInstanceClass: { description: "RDS instance class of the read replicas (db.*)" },
  dbBackupRetentionDays: { description: "Automated backup retention in days: the point-in-time-recovery window (7–35)" },
  dbDeletionProtection: { description: "RDS deletion protection on every instance (true/false)" },
  dbFinalSnapshot: { description: "Take a final snapshot when the primary is deleted (true/false)" },
  dbAllocatedStorageGiB: { description: "Initial gp3 storage of the primary in GiB (20–65536)" },
  dbMaxAllocatedStorageGiB: { description: "Storage autoscaling ceiling in GiB, above the initial size" },
  dbPerformanceInsightsRetentionDays: { description: "Performance Insights retention (7, or a multiple of 31 up to 731)", default: "7" },
  dbMonitoringIntervalSeconds: { description: "Enhanced monitoring interval: 0 (off), 1, 5, 10, 15, 30 or 60" },
  dbCaCertificate: { description: "Pinned RDS CA certificate identifier", default: "rds-ca-rsa2048-g1" },
  dbSlowQueryMs: { description: "log_min_duration_statement: statements slower than this many ms are logged", default: "500" },
  cacheNodeType: { description: "ElastiCache node type (cache.*)" },
  cacheNodeCount: { description: "Valkey nodes in the replication group: one primary plus replicas (1–6)" },
  cacheMultiAz: { description: "Spread cache nodes over zones with Multi-AZ (needs automatic failover)" },
  cacheAutomaticFailover: { description: "Promote a replica automatically when the primary fails (needs 2+ nodes)" },
  cacheSnapshotRetentionDays: { description: "Daily cache snapshots kept, in days (0–35)" },
  protectStatefulResources: { description: "Pulumi `protect` on the database, cache and key: a destroy or replacement fails until lifted" },
} as const satisfies Record<string, ConfigKeyDoc>;

export type ConfigKey = keyof typeof configKeyDocs;

/** The Pulumi namespace of the project's own keys (`rusty-saas:<key>`). */
export const configNamespace = "rusty-saas";
