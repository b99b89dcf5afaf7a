// Rusty SaaS on one Docker host (`rusty-saas:target: docker`; the host is the one DOCKER_HOST names, local or
// ssh://). Deploys, with the stack's environment in every name:
// - two networks: `private` (internal: no route off the host) for everything, `published` for the four
//   containers whose ports are published, on the configured address (127.0.0.1 unless set otherwise)
// - generated secrets (random): database, replication, Valkey and Grafana passwords, the JWT signing key
// - data tier: PostgreSQL 16 primary and streaming replica, Valkey with a password, each on a named volume
// - API tier: the image built from the root Dockerfile, the migrations container run once, N API containers
//   (non-root, read-only root, /tmp on tmpfs, secrets as files, healthy on /ready)
// - the proxy: Caddy terminating TLS with a local CA, balancing over the healthy API containers
// - monitoring: Prometheus (the committed rules, scraping every API container), Alertmanager (the committed
//   routing), Grafana (the committed dashboards, Prometheus provisioned)
// Third-party images are pinned by digest in the stack file; this target's policies: policy/docker-policies.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { loadDockerConfig } from "../config.js";
import { deployApiTier } from "./api-tier.js";
import { deployDataTier } from "./data-tier.js";
import { DockerHost } from "./docker-host.js";
import { generateSecrets } from "./docker-secrets.js";
import { deployMonitoring } from "./monitoring-tier.js";
import { hostNames } from "./naming.js";
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
/** One replica, as staging runs: enough to exercise the app's replica reads. */
const replicaCount = 1;

const host = new DockerHost("host", { environment: settings.environment });
const secrets = generateSecrets(host);
const data = deployDataTier(host, settings, secrets, replicaCount);
const api = deployApiTier(host, settings, secrets, {
  replicaCount,
  dependsOn: [data.primary, ...data.replicas, data.valkey],
});
const proxy = host.container(
  "proxy",
  {
    role: "proxy",
    alias: hostNames.proxy,
    image: host.pulledImage("proxy-image", settings.proxyImage),
    volumes: [{ volumeName: host.volume("proxy-data").name, containerPath: proxyDataDir }],
    uploads: [{ file: caddyfilePath, content: caddyfile(settings.apiContainers) }],
    publish: { internal: proxyHttpsPort, external: settings.httpsPort, address: settings.publishAddress },
  },
  api.apiContainers,
);
const monitoring = deployMonitoring(host, settings, secrets, repoRoot);

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
export const migrationsExitCode = api.migrations.exitCode;
export const apiContainerNames = api.apiContainers.map((container) => container.name);
export const grafanaContainerName = monitoring.grafana.name;
export const networkName = host.privateNetwork.name;
