// The docker target's monitoring: Alertmanager with the committed routing, Prometheus with the committed rules
// scraping every API container, Grafana with the committed dashboards and Prometheus provisioned (monitoring-plan.ts).
import type * as docker from "@pulumi/docker";
import type { DockerSettings } from "../config.js";
import { envList } from "./api-plan.js";
import type { DockerHost } from "./docker-host.js";
import { secretFile, type DockerSecrets } from "./docker-secrets.js";
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
import { hostNames } from "./naming.js";

export interface MonitoringTier {
  readonly alertmanager: docker.Container;
  readonly prometheus: docker.Container;
  readonly grafana: docker.Container;
}

export function deployMonitoring(
  host: DockerHost,
  settings: Pick<
    DockerSettings,
    | "environment"
    | "apiContainers"
    | "publishAddress"
    | "alertmanagerPort"
    | "prometheusPort"
    | "grafanaPort"
    | "alertmanagerImage"
    | "prometheusImage"
    | "grafanaImage"
  >,
  secrets: DockerSecrets,
  repoRoot: string,
): MonitoringTier {
  const monitoringFiles = readMonitoringUploads(repoRoot);
  const alertmanager = host.container("alertmanager", {
    role: "monitoring",
    alias: hostNames.alertmanager,
    image: host.pulledImage("alertmanager-image", settings.alertmanagerImage),
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
      image: host.pulledImage("prometheus-image", settings.prometheusImage),
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
      image: host.pulledImage("grafana-image", settings.grafanaImage),
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
  return { alertmanager, prometheus, grafana };
}
