// The only reader of stack configuration: every key is typed and validated here, and all problems are
// reported together, each naming its key. Components receive plain values and never touch pulumi.Config.
import * as pulumi from "@pulumi/pulumi";
import { ConfigReader, InfraConfigError, type RawConfigSource } from "./config-reader.js";
import { knownInstanceClasses } from "./data/instance-classes.js";
import { maxZones, vpcCidrProblems } from "./network/subnet-plan.js";
import {
  fargateCpuChoices,
  fargateSizeProblem,
  maxStopTimeoutSeconds,
  minStartupSeconds,
  shutdownBudgetProblem,
} from "./service/task-sizing.js";

export { InfraConfigError } from "./config-reader.js";

/** Retention values CloudWatch Logs accepts; anything else is rejected by the API at deploy time. */
export const logRetentionChoices = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const minBackupRetentionDays = 7;
export const maxReplicas = 5;

export interface InfraConfig {
  readonly region: string;
  readonly environment: string;
  readonly tags: { readonly owner: string; readonly costCenter: string };
  readonly network: NetworkSettings;
  readonly logRetentionDays: number;
  readonly database: DatabaseSettings;
  readonly cache: CacheSettings;
  readonly service: ServiceSettings;
  readonly edge: EdgeSettings;
  readonly monitoring: MonitoringSettings;
  readonly protectStatefulResources: boolean;
}

export interface ServiceSettings {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: "ARM64" | "X86_64";
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly cpuTargetPercent: number;
  readonly requestsPerTargetPerMinute: number;
  readonly deregistrationDelaySeconds: number;
  readonly stopTimeoutSeconds: number;
  readonly healthCheckGracePeriodSeconds: number;
  readonly ecsExec: boolean;
  readonly deploymentAlarms: boolean;
  readonly logLevel: string;
  readonly corsOrigins: readonly string[];
  readonly adotCollectorImage: string;
}

export interface EdgeSettings {
  readonly domainName: string;
  readonly hostedZoneName: string;
  readonly deletionProtection: boolean;
  readonly accessLogs: boolean;
  readonly accessLogRetentionDays: number;
  readonly hsts: boolean;
  readonly wafEnabled: boolean;
  readonly wafRateLimitPer5Minutes: number;
}

export interface MonitoringSettings {
  readonly alarmEmails: readonly string[];
  readonly monthlyBudgetUsd: number;
}

export interface NetworkSettings {
  readonly zoneCount: number;
  readonly vpcCidr: string;
  readonly natGateways: "single" | "perAz";
  readonly interfaceEndpoints: readonly string[];
  readonly flowLogRetentionDays: number;
}

export interface DatabaseSettings {
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly replicaCount: number;
  readonly replicaInstanceClass: string;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly finalSnapshot: boolean;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly performanceInsightsRetentionDays: number;
  readonly monitoringIntervalSeconds: number;
  readonly caCertificate: string;
  readonly slowQueryMs: number;
}

export interface CacheSettings {
  readonly nodeType: string;
  readonly nodeCount: number;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  readonly snapshotRetentionDays: number;
}

/** Short enough for every derived name (load balancer names cap at 32 characters, see naming.ts). */
export const environmentNamePattern = /^[a-z][a-z0-9]{1,11}$/;
const regionPattern = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export function parseInfraConfig(source: RawConfigSource): InfraConfig {
  const read = new ConfigReader(source);
  const region = read.rawExternal("aws:region") ?? "";
  if (region !== "" && !regionPattern.test(region))
    read.fail("aws:region", `${JSON.stringify(region)} is not an AWS region name`);
  const config: InfraConfig = {
    region,
    environment: read.string(
      "environment",
      environmentNamePattern,
      "must be 2–12 lowercase letters and digits, starting with a letter",
    ),
    tags: { owner: read.string("owner"), costCenter: read.string("costCenter") },
    network: readNetwork(read),
    logRetentionDays: read.oneOfNumbers("logRetentionDays", logRetentionChoices),
    database: readDatabase(read),
    cache: readCache(read),
    service: readService(read),
    edge: readEdge(read),
    monitoring: {
      alarmEmails: read.stringList("alarmEmails", /^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be e-mail addresses"),
      monthlyBudgetUsd: read.integer("monthlyBudgetUsd", 0, 1_000_000),
    },
    protectStatefulResources: read.boolean("protectStatefulResources"),
  };
  read.assertValid();
  return config;
}

function readNetwork(read: ConfigReader): NetworkSettings {
  const vpcCidr = read.string("vpcCidr");
  for (const problem of vpcCidr === "" ? [] : vpcCidrProblems(vpcCidr)) read.fail("rusty-saas:vpcCidr", problem);
  return {
    zoneCount: read.integer("availabilityZoneCount", 2, maxZones),
    vpcCidr,
    natGateways: read.choice("natGateways", ["single", "perAz"] as const),
    interfaceEndpoints: read.stringList(
      "interfaceEndpoints",
      /^[a-z0-9-]+(\.[a-z0-9-]+)*$/,
      "must be AWS service short names such as ecr.api",
    ),
    flowLogRetentionDays: read.oneOfNumbers("flowLogRetentionDays", logRetentionChoices),
  };
}

function readDatabase(read: ConfigReader): DatabaseSettings {
  const dbClass = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
  const settings: DatabaseSettings = {
    instanceClass: read.string("dbInstanceClass", dbClass, "must be an RDS instance class such as db.t4g.medium"),
    multiAz: read.boolean("dbMultiAz"),
    replicaCount: read.integer("dbReplicaCount", 0, maxReplicas),
    replicaInstanceClass: read.string(
      "dbReplicaInstanceClass",
      dbClass,
      "must be an RDS instance class such as db.t4g.medium",
    ),
    backupRetentionDays: read.integer("dbBackupRetentionDays", minBackupRetentionDays, 35),
    deletionProtection: read.boolean("dbDeletionProtection"),
    finalSnapshot: read.boolean("dbFinalSnapshot"),
    allocatedStorageGiB: read.integer("dbAllocatedStorageGiB", 20, 65536),
    maxAllocatedStorageGiB: read.integer("dbMaxAllocatedStorageGiB", 21, 65536),
    performanceInsightsRetentionDays: read.oneOfNumbers("dbPerformanceInsightsRetentionDays", [
      7,
      ...Array.from({ length: 23 }, (_, i) => 31 * (i + 1)),
      731,
    ]),
    monitoringIntervalSeconds: read.oneOfNumbers("dbMonitoringIntervalSeconds", [0, 1, 5, 10, 15, 30, 60]),
    caCertificate: read.string(
      "dbCaCertificate",
      /^rds-ca-[a-z0-9-]+$/,
      "must be an RDS CA identifier such as rds-ca-rsa2048-g1",
    ),
    slowQueryMs: read.integer("dbSlowQueryMs", 1, 60_000),
  };
  for (const key of ["dbInstanceClass", "dbReplicaInstanceClass"] as const) {
    const value = key === "dbInstanceClass" ? settings.instanceClass : settings.replicaInstanceClass;
    if (value !== "" && !knownInstanceClasses.includes(value))
      read.fail(
        `rusty-saas:${key}`,
        `${value} is not a class the alarms know the memory of (${knownInstanceClasses.join(", ")})`,
      );
  }
  // RDS refuses a storage autoscaling ceiling less than 10 % above the allocated storage ("Invalid max storage size").
  const minimumCeiling = Math.ceil((settings.allocatedStorageGiB * 11) / 10);
  if (settings.maxAllocatedStorageGiB < minimumCeiling) {
    read.fail(
      "rusty-saas:dbMaxAllocatedStorageGiB",
      `${settings.maxAllocatedStorageGiB} must be at least 10 % above dbAllocatedStorageGiB (${settings.allocatedStorageGiB}), i.e. ${minimumCeiling} or more, for storage autoscaling`,
    );
  }
  return settings;
}

function readCache(read: ConfigReader): CacheSettings {
  const settings: CacheSettings = {
    nodeType: read.string(
      "cacheNodeType",
      /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
      "must be an ElastiCache node type such as cache.t4g.small",
    ),
    nodeCount: read.integer("cacheNodeCount", 1, 6),
    multiAz: read.boolean("cacheMultiAz"),
    automaticFailover: read.boolean("cacheAutomaticFailover"),
    snapshotRetentionDays: read.integer("cacheSnapshotRetentionDays", 0, 35),
  };
  if (settings.automaticFailover && settings.nodeCount < 2)
    read.fail("rusty-saas:cacheAutomaticFailover", "needs cacheNodeCount of 2 or more");
  if (settings.multiAz && !settings.automaticFailover)
    read.fail("rusty-saas:cacheMultiAz", "needs cacheAutomaticFailover: true");
  return settings;
}

function readService(read: ConfigReader): ServiceSettings {
  const settings: ServiceSettings = {
    cpu: read.oneOfNumbers("taskCpu", fargateCpuChoices),
    memoryMiB: read.integer("taskMemoryMiB", 512, 30720),
    architecture: read.choice("cpuArchitecture", ["ARM64", "X86_64"] as const),
    minTasks: read.integer("minTasks", 1, 100),
    maxTasks: read.integer("maxTasks", 1, 100),
    cpuTargetPercent: read.integer("cpuTargetPercent", 10, 90),
    requestsPerTargetPerMinute: read.integer("requestsPerTargetPerMinute", 1, 1_000_000),
    deregistrationDelaySeconds: read.integer("deregistrationDelaySeconds", 0, 3600),
    stopTimeoutSeconds: read.integer("stopTimeoutSeconds", 2, maxStopTimeoutSeconds),
    healthCheckGracePeriodSeconds: read.integer("healthCheckGracePeriodSeconds", minStartupSeconds, 300),
    ecsExec: read.boolean("ecsExec"),
    deploymentAlarms: read.boolean("deploymentAlarms"),
    logLevel: read.choice("logLevel", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const),
    corsOrigins: read.stringList(
      "corsOrigins",
      /^https?:\/\/[a-z0-9.-]+(:\d+)?$/,
      "must be full origins such as https://app.example.com",
    ),
    adotCollectorImage: read.string(
      "adotCollectorImage",
      /^[a-z0-9./-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/,
      "must be an image pinned by tag or digest",
    ),
  };
  const sizeProblem = fargateSizeProblem(settings.cpu, settings.memoryMiB);
  if (sizeProblem) read.fail("rusty-saas:taskMemoryMiB", sizeProblem);
  if (settings.maxTasks < settings.minTasks)
    read.fail("rusty-saas:maxTasks", `${settings.maxTasks} is below minTasks (${settings.minTasks})`);
  const budgetProblem = shutdownBudgetProblem(settings.deregistrationDelaySeconds, settings.stopTimeoutSeconds);
  if (budgetProblem) read.fail("rusty-saas:stopTimeoutSeconds", budgetProblem);
  return settings;
}

function readEdge(read: ConfigReader): EdgeSettings {
  const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
  const settings: EdgeSettings = {
    domainName: read.string("domainName", hostname, "must be a lowercase DNS name"),
    hostedZoneName: read.string("hostedZoneName", hostname, "must be a lowercase DNS name"),
    deletionProtection: read.boolean("albDeletionProtection"),
    accessLogs: read.boolean("albAccessLogs"),
    accessLogRetentionDays: read.integer("albAccessLogRetentionDays", 1, 3650),
    hsts: read.boolean("hsts"),
    wafEnabled: read.boolean("wafEnabled"),
    wafRateLimitPer5Minutes: read.integer("wafRateLimitPer5Minutes", 10, 2_000_000_000),
  };
  if (
    settings.domainName !== "" &&
    settings.hostedZoneName !== "" &&
    !settings.domainName.endsWith(`.${settings.hostedZoneName}`)
  ) {
    read.fail(
      "rusty-saas:domainName",
      `${settings.domainName} is not inside hostedZoneName ${settings.hostedZoneName}`,
    );
  }
  return settings;
}

/** Reads the current stack's configuration through Pulumi; the single place that does. */
export function loadInfraConfig(): InfraConfig {
  const byNamespace = new Map<string, pulumi.Config>();
  return parseInfraConfig((fullKey) => {
    const [namespace = "", key = ""] = fullKey.split(":");
    const config = byNamespace.get(namespace) ?? new pulumi.Config(namespace);
    byNamespace.set(namespace, config);
    return config.get(key);
  });
}

/** Where the deployed commit comes from: set by CI (`github.sha`), or by hand as `$(git rev-parse HEAD)`. */
export const imageRevisionVariable = "RUSTY_SAAS_IMAGE_REVISION";

/**
 * The git commit being deployed, which tags the image immutably. Not stack config: it changes with every commit,
 * while the stack files hold what differs between stacks. Required, so no build is pushed without a tag that
 * keeps its digest in ECR (see image-plan.ts).
 */
export function parseImageRevision(value: string | undefined): string {
  if (value === undefined || !/^[0-9a-f]{40}$/.test(value))
    throw new InfraConfigError([
      `${imageRevisionVariable}: ${value === undefined ? "not set" : JSON.stringify(value)}; set it to the full git commit being deployed, e.g. ${imageRevisionVariable}=$(git rev-parse HEAD)`,
    ]);
  return value;
}

export function loadImageRevision(): string {
  return parseImageRevision(process.env[imageRevisionVariable]);
}

/** Checks the zone count against the zones the region really has (known only after asking AWS). */
export function assertZonesAvailable(config: InfraConfig, zoneNames: readonly string[]): void {
  if (zoneNames.length < config.network.zoneCount) {
    throw new InfraConfigError([
      `rusty-saas:availabilityZoneCount: ${config.network.zoneCount} zones requested but region ${config.region} has ${zoneNames.length} available`,
    ]);
  }
}
