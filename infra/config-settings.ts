// Every stack setting, declared once, in groups: one group per component, declared beside it, and the stack-wide
// group below. A declaration holds the key, its meaning, the allowed values, the default (or none: required), whether
// it is secret, and the rules between settings. From `stackSettings` come the parsing and all checks (config.ts),
// the typed `InfraConfig` the components receive, and the settings table of infra/README.md (config-table.ts); the
// tests hold every Pulumi.<stack>.yaml to exactly these keys.
import { boolean, logRetention, text } from "./config-kinds.js";
import { group, type InfraConfigOf } from "./config-schema.js";
import { dockerSettings } from "./docker-target/docker-settings.js";
import { environmentSetting, targetSettings, type DeployTarget } from "./shared-settings.js";
import { cacheSettings } from "./data/cache-settings.js";
import { databaseSettings } from "./data/database-settings.js";
import { edgeSettings } from "./edge/edge-settings.js";
import { monitoringSettings } from "./monitoring/monitoring-settings.js";
import { networkSettings } from "./network/network-settings.js";
import { recoverySettings } from "./recovery/recovery-settings.js";
import { serviceSettings } from "./service/service-settings.js";

export { minBackupRetentionDays } from "./data/database-settings.js";

export { environmentNamePattern } from "./shared-settings.js";

const anyText = text({ allowed: "any text" });

/** Settings of the whole stack rather than of one component. */
const stackWideSettings = group({
  region: {
    key: "aws:region",
    description: "AWS region of the whole stack",
    kind: text({
      allowed: "an AWS region name such as `eu-west-1`",
      pattern: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
      hint: "is not an AWS region name",
    }),
  },
  environment: environmentSetting,
  owner: { key: "owner", description: "Owner tag on every AWS resource: the team paged for it", kind: anyText },
  costCenter: { key: "costCenter", description: "CostCenter tag on every AWS resource, for the bill", kind: anyText },
  logRetentionDays: {
    key: "logRetentionDays",
    description: "Retention in days of the database, cache, Prometheus and application log groups",
    kind: logRetention,
  },
  protectStatefulResources: {
    key: "protectStatefulResources",
    description:
      "Pulumi `protect` on the database instances, cache, KMS key and access-log bucket: a destroy or replacement fails until lifted",
    kind: boolean,
  },
});

/** Every setting of the AWS target, in the order the README table lists them. */
export const stackSettings = {
  target: targetSettings,
  stack: stackWideSettings,
  network: networkSettings,
  database: databaseSettings,
  cache: cacheSettings,
  service: serviceSettings,
  edge: edgeSettings,
  monitoring: monitoringSettings,
  recovery: recoverySettings,
} as const;

/** Every setting of the docker target (docker-target/). */
export const dockerStackSettings = {
  target: targetSettings,
  docker: dockerSettings,
} as const;

/** Every setting of either target, in the order infra/README.md's table lists them (shared ones once). */
export const allStackSettings = { ...stackSettings, docker: dockerSettings } as const;

/** The groups a stack of each target must set, and nothing else. */
export const settingsByTarget: Record<DeployTarget, typeof stackSettings | typeof dockerStackSettings> = {
  aws: stackSettings,
  docker: dockerStackSettings,
};

/** The stack's configuration as the components receive it, typed from the declarations above. */
export type InfraConfig = InfraConfigOf<typeof stackSettings>;
export type StackWideSettings = InfraConfig["stack"];
export type NetworkSettings = InfraConfig["network"];
export type DatabaseSettings = InfraConfig["database"];
export type CacheSettings = InfraConfig["cache"];
export type ServiceSettings = InfraConfig["service"];
export type EdgeSettings = InfraConfig["edge"];
export type MonitoringSettings = InfraConfig["monitoring"];
export type RecoverySettings = InfraConfig["recovery"];
export type DockerConfig = InfraConfigOf<typeof dockerStackSettings>;
export type DockerSettings = DockerConfig["docker"];
