// Prometheus, Alertmanager and Grafana on the docker target, fed the committed files of monitoring/: the rule
// files and the Alertmanager routing as they are, a scrape config naming every API container, Grafana's
// dashboards and its Prometheus data source provisioned.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { metricsPort } from "./api-plan.js";
import { hostNames } from "./naming.js";

export const prometheusPort = 9090;
export const alertmanagerPort = 9093;
export const grafanaPort = 3000;
export const prometheusConfigPath = "/etc/prometheus/prometheus.yml";
export const prometheusRulesDir = "/etc/prometheus/rules";
export const alertmanagerConfigPath = "/etc/alertmanager/alertmanager.yml";
export const grafanaDashboardsDir = "/etc/grafana/dashboards";
export const grafanaAdminPasswordFile = "/run/secrets/grafana-admin-password";
/** uid of `grafana` in the official image: owns the admin password file. */
export const grafanaUser = "472";

export interface MonitoringFile {
  /** Where the file goes in the container. */
  readonly path: string;
  readonly content: string;
}

/** The job name and `environment` label the committed rules and dashboards select on (monitoring/local too). */
export function prometheusConfig(input: { environment: string; apiContainers: number }): string {
  return stringify({
    global: { scrape_interval: "15s", evaluation_interval: "15s" },
    rule_files: [`${prometheusRulesDir}/*.yml`],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`${hostNames.alertmanager}:${alertmanagerPort}`] }] }] },
    scrape_configs: [
      {
        job_name: "api",
        static_configs: [
          {
            targets: Array.from({ length: input.apiContainers }, (_, i) => `${hostNames.api(i + 1)}:${metricsPort}`),
            labels: { environment: input.environment },
          },
        ],
      },
    ],
  });
}

export function grafanaDatasource(): string {
  return stringify({
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        uid: "prometheus",
        type: "prometheus",
        access: "proxy",
        url: `http://${hostNames.prometheus}:${prometheusPort}`,
        isDefault: true,
        editable: false,
      },
    ],
  });
}

export function grafanaDashboardProvider(): string {
  return stringify({
    apiVersion: 1,
    providers: [
      {
        name: "rusty-saas",
        type: "file",
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: grafanaDashboardsDir },
      },
    ],
  });
}

/** Grafana's settings: the admin password from a file, no sign-up, no phoning home. */
export function grafanaEnvironment(): Record<string, string> {
  return {
    GF_SECURITY_ADMIN_USER: "admin",
    GF_SECURITY_ADMIN_PASSWORD__FILE: grafanaAdminPasswordFile,
    GF_USERS_ALLOW_SIGN_UP: "false",
    GF_ANALYTICS_REPORTING_ENABLED: "false",
    GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
  };
}

function filesIn(dir: string, extension: string, target: string): MonitoringFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(extension))
    .sort()
    .map((file) => ({ path: `${target}/${file}`, content: readFileSync(path.join(dir, file), "utf8") }));
}

/** The committed monitoring files, each with where it goes in its container. */
export function readMonitoringUploads(repoRoot: string): {
  rules: MonitoringFile[];
  alertmanager: MonitoringFile;
  dashboards: MonitoringFile[];
} {
  const monitoring = path.join(repoRoot, "monitoring");
  return {
    rules: filesIn(path.join(monitoring, "rules"), ".yml", prometheusRulesDir),
    alertmanager: {
      path: alertmanagerConfigPath,
      content: readFileSync(path.join(monitoring, "alertmanager.yml"), "utf8"),
    },
    dashboards: filesIn(path.join(monitoring, "dashboards/json"), ".json", grafanaDashboardsDir),
  };
}

/** The images are busybox-based: `wget --spider` asks the ready endpoint without writing anything. */
export function readyCheck(port: number, readyPath: string) {
  return {
    tests: ["CMD", "wget", "-q", "--spider", `http://127.0.0.1:${port}${readyPath}`],
    interval: "5s",
    timeout: "5s",
    retries: 5,
    startPeriod: "60s",
    startInterval: "2s",
  };
}
