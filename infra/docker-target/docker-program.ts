// Rusty SaaS on one Docker host (`rusty-saas:target: docker`; the host is the one DOCKER_HOST names, local or
// ssh://). Deploys, with the stack's environment in every name:
// - two networks: `private` (internal: no route off the host) for everything, `published` for the four
//   containers whose ports are published, on the configured address (127.0.0.1 unless set otherwise)
// - generated secrets (random): database, replication, Valkey and Grafana passwords, the JWT signing key
// - PostgreSQL 16 primary and streaming replica, Valkey with a password, each on a named volume
// - the API image built from the root Dockerfile; the migrations container run once; N API containers (non-root,
//   read-only root, /tmp on tmpfs, secrets as files, healthy on /ready) behind Caddy terminating TLS
// - Prometheus (the committed rules, scraping every API container), Alertmanager (the committed routing) and
//   Grafana (the committed dashboards, Prometheus provisioned)
// Third-party images are pinned by digest in the stack file; the policies for this target: policy/docker-policies.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { loadDockerConfig } from "../config.js";
import {
  apiHealthcheck,
  apiStopTimeoutSeconds,
  appUser,
  dockerApiEnvironment,
  envList,
  migrateCommand,
  secretFiles,
  secretsDir,
} from "./api-plan.js";
import { DockerHost } from "./docker-host.js";
import { dockerName, hostNames } from "./naming.js";
import {
  alertmanagerPort,
  grafanaAdminPasswordFile,
  grafanaDashboardProvider,
  grafanaDatasource,
  grafanaEnvironment,
  grafanaPort,
  grafanaUser,
  prometheusConfig,
  prometheusConfigPath,
  prometheusPort,
  readMonitoringUploads,
  readyCheck,
} from "./monitoring-plan.js";
import {
  postgresDataDir,
  postgresHealthcheck,
  postgresPasswordFile,
  postgresUser,
  primaryCommand,
  primaryEnvironment,
  primaryInitScript,
  primaryInitScriptPath,
  replicaStartScript,
  replicaStartScriptPath,
  replicationPasswordFile,
} from "./postgres-plan.js";
import {
  caddyfile,
  caddyfilePath,
  proxyDataDir,
  proxyHttpsPort,
  proxyRootCertificate,
  proxySiteName,
} from "./proxy-plan.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { docker: settings } = loadDockerConfig();
const host = new DockerHost("host", { environment: settings.environment });
const name = (part: string) => dockerName(settings.environment, part);
/** One replica, as staging runs; enough to exercise the app's replica reads. */
const replicaCount = 1;

const password = (id: string, length: number) =>
  new random.RandomPassword(id, { length, special: false }, { parent: host }).result;
const secrets = {
  database: password("database-password", 32),
  replication: password("replication-password", 32),
  valkey: password("valkey-password", 32),
  jwt: password("jwt-secret", 64),
  grafana: password("grafana-admin-password", 24),
};

const image = (part: string, ref: string) =>
  new docker.RemoteImage(part, { name: ref, keepLocally: true }, { parent: host }).imageId;

/** The image's `node` user, who alone may read the API's secret files. */
const appUid = appUser.split(":")[0] ?? "1000";

/** A secret file in a container, written before it starts, readable by `owner` (a numeric id) alone. */
const secretFile = (file: string, content: pulumi.Input<string>, owner: string) => ({
  file,
  content,
  owner,
  group: owner,
  permissions: "0400",
});

// ---- data tier ----
/** uid of `valkey` in the official image: owns the config file that holds the password. */
const valkeyUser = "999";
const postgresImage = image("postgres-image", settings.postgresImage);
const primary = host.container("postgres-primary", {
  role: "database",
  alias: hostNames.postgresPrimary,
  image: postgresImage,
  command: primaryCommand,
  envs: envList(primaryEnvironment()),
  volumes: [{ volumeName: host.volume("postgres-primary-data").name, containerPath: postgresDataDir }],
  uploads: [
    secretFile(postgresPasswordFile, secrets.database, postgresUser),
    secretFile(replicationPasswordFile, secrets.replication, postgresUser),
    { file: primaryInitScriptPath, content: primaryInitScript, permissions: "0755" },
  ],
  healthcheck: postgresHealthcheck,
});
const replicas = Array.from({ length: replicaCount }, (_, i) =>
  host.container(
    `postgres-replica-${i + 1}`,
    {
      role: "database",
      alias: hostNames.postgresReplica(i + 1),
      image: postgresImage,
      entrypoints: [replicaStartScriptPath],
      volumes: [{ volumeName: host.volume(`postgres-replica-${i + 1}-data`).name, containerPath: postgresDataDir }],
      uploads: [
        secretFile(replicationPasswordFile, secrets.replication, "0"),
        { file: replicaStartScriptPath, content: replicaStartScript(), permissions: "0755" },
      ],
      healthcheck: postgresHealthcheck,
    },
    [primary],
  ),
);
const valkey = host.container("valkey", {
  role: "cache",
  alias: hostNames.valkey,
  image: image("valkey-image", settings.valkeyImage),
  command: ["valkey-server", "/usr/local/etc/valkey/valkey.conf"],
  volumes: [{ volumeName: host.volume("valkey-data").name, containerPath: "/data" }],
  uploads: [
    secretFile(
      "/usr/local/etc/valkey/valkey.conf",
      pulumi.interpolate`requirepass ${secrets.valkey}\nappendonly yes\ndir /data\n`,
      valkeyUser,
    ),
  ],
  // Up is enough: NOAUTH proves the server answers without putting the password in the check.
  healthcheck: { tests: ["CMD-SHELL", "valkey-cli ping | grep -Eq 'PONG|NOAUTH'"], interval: "5s", retries: 5 },
});

// ---- the API ----
const apiImage = new docker.Image(
  "api-image",
  {
    // Relative to the project directory, where Pulumi runs the program (an absolute path would differ per machine).
    build: { context: ".", dockerfile: "Dockerfile", builderVersion: "BuilderBuildKit" },
    imageName: `${name("api")}:latest`,
    skipPush: true,
  },
  { parent: host },
);
const apiEnvironment = envList(
  dockerApiEnvironment({ logLevel: settings.logLevel, corsOrigins: settings.corsOrigins, replicaCount }),
);
// Docker copies files into a container through its root filesystem, which the API's is not allowed to write:
// the migrations container (run once, before the API) receives the secret files into this volume, and the API
// containers mount it read-only.
const apiSecretsVolume = host.volume("api-secrets");
const migrations = host.container(
  "migrations",
  {
    role: "migrations",
    alias: "migrations",
    image: apiImage.repoDigest,
    command: migrateCommand,
    envs: apiEnvironment,
    user: appUser,
    volumes: [{ volumeName: apiSecretsVolume.name, containerPath: secretsDir }],
    uploads: [
      secretFile(secretFiles.databasePassword, secrets.database, appUid),
      secretFile(secretFiles.jwtSecret, secrets.jwt, appUid),
      secretFile(secretFiles.redisAuthToken, secrets.valkey, appUid),
    ],
    // Runs to completion during `pulumi up`; the API containers are created only after it exited.
    attach: true,
    mustRun: false,
    restart: "no",
    wait: false,
  },
  [primary, ...replicas, valkey],
);
const apiContainers = Array.from({ length: settings.apiContainers }, (_, i) =>
  host.container(
    `api-${i + 1}`,
    {
      role: "api",
      alias: hostNames.api(i + 1),
      image: apiImage.repoDigest,
      envs: apiEnvironment,
      user: appUser,
      readOnly: true,
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m,mode=1777" },
      volumes: [{ volumeName: apiSecretsVolume.name, containerPath: secretsDir, readOnly: true }],
      healthcheck: apiHealthcheck,
      stopSignal: "SIGTERM",
      stopTimeout: apiStopTimeoutSeconds,
      destroyGraceSeconds: apiStopTimeoutSeconds,
    },
    [migrations],
  ),
);

// ---- the proxy ----
const proxy = host.container(
  "proxy",
  {
    role: "proxy",
    alias: hostNames.proxy,
    image: image("proxy-image", settings.proxyImage),
    volumes: [{ volumeName: host.volume("proxy-data").name, containerPath: proxyDataDir }],
    uploads: [{ file: caddyfilePath, content: caddyfile(settings.apiContainers) }],
    publish: { internal: proxyHttpsPort, external: settings.httpsPort, address: settings.publishAddress },
  },
  apiContainers,
);

// ---- monitoring ----
const monitoringFiles = readMonitoringUploads(repoRoot);
const alertmanager = host.container("alertmanager", {
  role: "monitoring",
  alias: hostNames.alertmanager,
  image: image("alertmanager-image", settings.alertmanagerImage),
  volumes: [{ volumeName: host.volume("alertmanager-data").name, containerPath: "/alertmanager" }],
  uploads: [{ file: monitoringFiles.alertmanager.path, content: monitoringFiles.alertmanager.content }],
  healthcheck: readyCheck(alertmanagerPort, "/-/ready"),
  publish: { internal: alertmanagerPort, external: settings.alertmanagerPort, address: settings.publishAddress },
});
const prometheus = host.container(
  "prometheus",
  {
    role: "monitoring",
    alias: hostNames.prometheus,
    image: image("prometheus-image", settings.prometheusImage),
    volumes: [{ volumeName: host.volume("prometheus-data").name, containerPath: "/prometheus" }],
    uploads: [
      {
        file: prometheusConfigPath,
        content: prometheusConfig({ environment: settings.environment, apiContainers: settings.apiContainers }),
      },
      ...monitoringFiles.rules.map((rule) => ({ file: rule.path, content: rule.content })),
    ],
    healthcheck: readyCheck(prometheusPort, "/-/ready"),
    publish: { internal: prometheusPort, external: settings.prometheusPort, address: settings.publishAddress },
  },
  [alertmanager],
);
const grafana = host.container(
  "grafana",
  {
    role: "monitoring",
    alias: hostNames.grafana,
    image: image("grafana-image", settings.grafanaImage),
    envs: envList(grafanaEnvironment()),
    volumes: [{ volumeName: host.volume("grafana-data").name, containerPath: "/var/lib/grafana" }],
    uploads: [
      secretFile(grafanaAdminPasswordFile, secrets.grafana, grafanaUser),
      { file: "/etc/grafana/provisioning/datasources/prometheus.yml", content: grafanaDatasource() },
      { file: "/etc/grafana/provisioning/dashboards/rusty-saas.yml", content: grafanaDashboardProvider() },
      ...monitoringFiles.dashboards.map((dashboard) => ({ file: dashboard.path, content: dashboard.content })),
    ],
    healthcheck: readyCheck(grafanaPort, "/api/health"),
    publish: { internal: grafanaPort, external: settings.grafanaPort, address: settings.publishAddress },
  },
  [prometheus],
);

// Stack outputs: addresses and commands; the generated secrets only as Pulumi secrets (shown with --show-secrets).
export const apiUrl = `https://${proxySiteName}:${settings.httpsPort}`;
export const grafanaUrl = `http://${settings.publishAddress}:${settings.grafanaPort}`;
export const prometheusUrl = `http://${settings.publishAddress}:${settings.prometheusPort}`;
export const alertmanagerUrl = `http://${settings.publishAddress}:${settings.alertmanagerPort}`;
/** The local CA that signed the proxy's certificate: `curl --cacert` it, or trust it on the machine. */
export const caCertificateCommand = pulumi.interpolate`docker exec ${proxy.name} cat ${proxyRootCertificate}`;
export const proxyContainerName = proxy.name;
export const caCertificatePath = proxyRootCertificate;
export const readSecretsCommand = "pulumi stack output --show-secrets grafanaAdminPassword";
export const grafanaAdminPassword = secrets.grafana;
export const databasePassword = secrets.database;
export const migrationsExitCode = migrations.exitCode;
export const apiContainerNames = apiContainers.map((container) => container.name);
export const grafanaContainerName = grafana.name;
export const networkName = host.privateNetwork.name;
