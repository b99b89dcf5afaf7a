// Rusty SaaS on AWS, one stack per environment (Pulumi.<stack>.yaml holds every difference). Deploys:
// - one AWS provider carrying the default tags (Project, Environment, Owner, CostCenter)
// - network: VPC over the configured zones, public / private / isolated subnets, NAT, VPC endpoints, flow logs
// - secrets: the stack's KMS key and the JWT signing secret in Secrets Manager
// - database: RDS PostgreSQL 16 primary (PITR, Multi-AZ by config) and read replicas, RDS-managed password
// - cache: ElastiCache Valkey with TLS, encryption at rest and an auth token in Secrets Manager
// - image: ECR repository and the root Dockerfile built and pushed with docker-build
// - edge: ALB with ACM certificate (DNS-validated), HTTPS (TLS 1.3 policy), HTTP→HTTPS, DNS alias, WAF, access logs
// - prometheus: Amazon Managed Prometheus workspace, rule groups from monitoring/rules/, alert manager → SNS
// - monitoring: SNS alarm and watchdog topics, CloudWatch alarms (each naming its runbook, one of them the
//   dead-man's switch on the Watchdog), dashboard, monthly budget
// - log queries: CloudWatch Logs Insights saved queries on the API's log group, named in the runbooks
// - service: ECS Fargate cluster and service (API + ADOT collector sidecar), roles, autoscaling
// - recovery: the primary as a point-in-time restore (by config), automated backups replicated to a second region
//   with a KMS key there, AWS FIS game-day experiment templates with their own roles, stopped by the page alarms
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAwsProvider } from "./aws-provider.js";
import { assertZonesAvailable, loadImageRevision, loadInfraConfig } from "./config.js";
import { Cache } from "./data/cache-component.js";
import { Database } from "./data/database-component.js";
import { Edge } from "./edge/edge-component.js";
import { ApiImage } from "./image/image-component.js";
import { LogQueries } from "./monitoring/log-queries-component.js";
import { Monitoring } from "./monitoring/monitoring-component.js";
import { readMonitoringFiles } from "./monitoring/monitoring-files.js";
import { Prometheus } from "./monitoring/prometheus-component.js";
import { defaultTags, namePrefix } from "./naming.js";
import { Network } from "./network/network-component.js";
import { BackupReplication } from "./recovery/backup-replication-component.js";
import { GameDays } from "./recovery/game-day-component.js";
import { noReplication } from "./recovery/recovery-settings.js";
import { assertRecoveryRegions, planRestore } from "./recovery/restore-plan.js";
import { Secrets } from "./secrets/secrets-component.js";
import { appPort } from "./service/container-plan.js";
import { ApiService } from "./service/service-component.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const config = loadInfraConfig();
const prefix = namePrefix(config.stack.environment);
const provider = createAwsProvider(config.stack);
const inStack = { providers: [provider] };
const ecsClusterName = prefix;
const apiServiceName = "api";

const zones = await aws.getAvailabilityZones({ state: "available" }, { provider });
assertZonesAvailable(config, zones.names);
assertRecoveryRegions(config.stack.region, config.recovery);
const { accountId } = await aws.getCallerIdentity({}, { provider });
const hostedZone = await aws.route53.getZone({ name: config.edge.hostedZoneName, privateZone: false }, { provider });

const network = new Network(
  "network",
  { prefix, region: config.stack.region, accountId, settings: config.network, zoneNames: zones.names },
  inStack,
);
const secrets = new Secrets(
  "secrets",
  { prefix, environment: config.stack.environment, protect: config.stack.protectStatefulResources },
  inStack,
);
const dataTier = {
  vpcId: network.vpcId,
  subnetIds: network.isolatedSubnetIds,
  serviceSecurityGroupId: network.serviceSecurityGroupId,
  kmsKeyArn: secrets.kmsKeyArn,
  logRetentionDays: config.stack.logRetentionDays,
  protect: config.stack.protectStatefulResources,
};
const database = new Database(
  "database",
  {
    ...dataTier,
    prefix,
    accountId,
    settings: config.database,
    zoneNames: network.zoneNames,
    restore: planRestore(prefix, config.recovery),
  },
  inStack,
);
const backupReplication =
  config.recovery.backupReplicationRegion === noReplication
    ? undefined
    : new BackupReplication(
        "backup-replication",
        {
          prefix,
          region: config.recovery.backupReplicationRegion,
          sourceDbInstanceArn: database.primaryArn,
          retentionDays: config.recovery.backupReplicationRetentionDays,
          tags: defaultTags(config.stack),
          protect: config.stack.protectStatefulResources,
        },
        inStack,
      );
const cache = new Cache(
  "cache",
  { ...dataTier, prefix, environment: config.stack.environment, settings: config.cache },
  inStack,
);
const image = new ApiImage(
  "image",
  {
    prefix,
    environment: config.stack.environment,
    revision: loadImageRevision(),
    context: ".",
    architecture: config.service.architecture,
    kmsKeyArn: secrets.kmsKeyArn,
  },
  inStack,
);
const edge = new Edge(
  "edge",
  {
    prefix,
    environment: config.stack.environment,
    settings: config.edge,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    serviceSecurityGroupId: network.serviceSecurityGroupId,
    appPort,
    deregistrationDelaySeconds: config.service.deregistrationDelaySeconds,
    hostedZoneId: hostedZone.zoneId,
    accountId,
    provider,
    protect: config.stack.protectStatefulResources,
  },
  inStack,
);
const monitoring = new Monitoring(
  "monitoring",
  {
    prefix,
    environment: config.stack.environment,
    region: config.stack.region,
    accountId,
    settings: config.monitoring,
    alarms: {
      prefix,
      loadBalancer: edge.loadBalancerArnSuffix,
      targetGroup: edge.targetGroupArnSuffix,
      clusterName: ecsClusterName,
      serviceName: apiServiceName,
      database: {
        primary: database.primaryIdentifier,
        replicas: database.replicaIdentifiers,
        instanceClass: config.database.instanceClass,
        replicaInstanceClass: config.database.replicaInstanceClass,
        allocatedStorageGiB: config.database.allocatedStorageGiB,
        maxConnections: database.maxConnections,
      },
      cacheNodes: cache.nodeIds,
    },
  },
  inStack,
);
const prometheus = new Prometheus(
  "prometheus",
  {
    prefix,
    environment: config.stack.environment,
    region: config.stack.region,
    logRetentionDays: config.stack.logRetentionDays,
    ...readMonitoringFiles(repoRoot),
    topics: { alarms: monitoring.topicArn, watchdog: monitoring.watchdogTopicArn },
  },
  inStack,
);
const service = new ApiService(
  "service",
  {
    prefix,
    environment: config.stack.environment,
    region: config.stack.region,
    accountId,
    settings: config.service,
    clusterName: ecsClusterName,
    serviceName: apiServiceName,
    logRetentionDays: config.stack.logRetentionDays,
    imageRef: image.imageRef,
    repositoryArn: image.repositoryArn,
    kmsKeyArn: secrets.kmsKeyArn,
    runtime: pulumi.output({
      logLevel: config.service.logLevel,
      corsOrigins: config.service.corsOrigins,
      databaseHost: database.address,
      databasePort: database.port,
      databaseName: database.databaseName,
      databaseMigrationUser: database.masterUsername,
      databaseReplicaHosts: database.replicaAddresses,
      databaseSecretArn: database.masterSecretArn,
      databaseResourceIds: database.resourceIds,
      redisHost: cache.primaryEndpoint,
      redisPort: cache.port,
      jwtSecretArn: secrets.jwtSecretArn,
      jwtSecretPreviousArn: config.service.jwtSecretPreviousArn,
      redisAuthTokenSecretArn: cache.authTokenSecretArn,
    }),
    remoteWriteUrl: prometheus.remoteWriteUrl,
    workspaceArn: prometheus.workspaceArn,
    privateSubnetIds: network.privateSubnetIds,
    serviceSecurityGroupId: network.serviceSecurityGroupId,
    targetGroupArn: edge.targetGroupArn,
    requestCountResourceLabel: edge.requestCountResourceLabel,
    deploymentAlarmNames: monitoring.deploymentAlarmNames,
    dependsOn: [edge.httpsListener, monitoring],
  },
  inStack,
);

new LogQueries("log-queries", { prefix, logGroupName: service.logGroupName }, inStack);

const gameDays = config.recovery.gameDays
  ? new GameDays(
      "game-days",
      {
        prefix,
        region: config.stack.region,
        accountId,
        clusterName: ecsClusterName,
        serviceName: apiServiceName,
        minTasks: config.service.minTasks,
        primaryArn: database.primaryArn,
        primaryMultiAz: config.database.multiAz,
        cacheArn: cache.arn,
        cacheMultiAz: config.cache.multiAz,
        // The first zone: the single-AZ primary's, and one the Multi-AZ cache has a node in.
        cacheZone: network.zoneNames[0] ?? "",
        alarmArns: monitoring.alarmArns,
        // Experiments act on the running service: the templates come after it.
      },
      { ...inStack, dependsOn: [service] },
    )
  : undefined;

// Stack outputs: addresses, names and ARNs only, never a secret value.
export const apiUrl = edge.apiUrl;
export const loadBalancerDnsName = edge.loadBalancerDnsName;
export const dashboardUrl = monitoring.dashboardUrl;
export const prometheusWorkspaceId = prometheus.workspaceId;
export const logGroupName = service.logGroupName;
export const clusterName = service.clusterName;
export const serviceName = service.serviceName;
export const taskDefinitionArn = service.taskDefinitionArn;
export const imageRef = image.imageRef;
export const alarmTopicArn = monitoring.topicArn;
export const vpcId = network.vpcId;
export const databaseEndpoint = database.address;
/** The primary's identifier: `<prefix>-db`, or `<prefix>-db-r<hex>` once restored by config. */
export const databaseIdentifier = database.primaryIdentifier;
/** The replicated automated backups in the second region, the source of a restore after a region loss (empty when off). */
export const databaseReplicatedBackupsArn = backupReplication?.replicationArn ?? "";
/** AWS FIS experiment template ids by key (none where game days are off; runbooks/procedures/game-day.md). */
export const gameDayTemplateIds = gameDays?.templateIds ?? {};
export const databaseReplicaEndpoints = database.replicaAddresses;
export const databaseMasterSecretArn = database.masterSecretArn;
/** The snapshot RDS takes when the primary is deleted: note it before a teardown (infra/README.md). */
export const databaseFinalSnapshotIdentifier = database.finalSnapshotIdentifier;
export const cacheEndpoint = cache.primaryEndpoint;
export const cacheAuthTokenSecretArn = cache.authTokenSecretArn;
export const jwtSecretArn = secrets.jwtSecretArn;
