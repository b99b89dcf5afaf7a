// The docker target's stack settings, declared once (see config-settings.ts for how declarations become config,
// checks and the README table). The environment name, log level and CORS origins are the same declarations the
// AWS target reads, so one key means one thing in every stack file.
import { integer, text } from "../config-kinds.js";
import { group } from "../config-schema.js";
import { serviceSettings } from "../service/service-settings.js";
import { environmentSetting } from "../shared-settings.js";

/**
 * `name[:tag]@sha256:<64 hex>`: the digest pins the bytes (a tag can be moved), the tag says what it was. The
 * committed digests are refreshed by `infra/docker-target/pin-images.sh` from the registry.
 */
export const imageByDigestPattern =
  /^[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?@sha256:[0-9a-f]{64}$/;

const imageByDigest = text({
  allowed: "an image pinned by digest, `name[:tag]@sha256:<64 hex digits>`",
  pattern: imageByDigestPattern,
  hint: "must be an image pinned by digest, name[:tag]@sha256:<64 hex digits> (run infra/docker-target/pin-images.sh)",
});

const port = integer(1024, 65535);

const image = (key: string, what: string) => ({
  key,
  description: `Image of ${what} (docker target)`,
  kind: imageByDigest,
});

export const dockerSettings = group(
  {
    environment: environmentSetting,
    apiContainers: {
      key: "dockerApiContainers",
      description: "API containers behind the proxy (docker target)",
      kind: integer(1, 8),
      default: "2",
    },
    publishAddress: {
      key: "dockerPublishAddress",
      description:
        "Host address the proxy and the monitoring UIs are published on (docker target); anything but 127.0.0.1 exposes them beyond the host",
      kind: text({
        allowed: "an IPv4 address of the host, not `0.0.0.0`",
        pattern: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/,
        hint: "must be an IPv4 address such as 127.0.0.1",
        // All interfaces is never a deliberate choice of one: name the address that should listen.
        problems: (address) =>
          address === "0.0.0.0" ? ["0.0.0.0 publishes on every interface: name the host's address instead"] : [],
      }),
      default: "127.0.0.1",
    },
    httpsPort: { key: "dockerHttpsPort", description: "Host port of the API over HTTPS (docker target)", kind: port },
    grafanaPort: { key: "dockerGrafanaPort", description: "Host port of Grafana (docker target)", kind: port },
    prometheusPort: { key: "dockerPrometheusPort", description: "Host port of Prometheus (docker target)", kind: port },
    alertmanagerPort: {
      key: "dockerAlertmanagerPort",
      description: "Host port of Alertmanager (docker target)",
      kind: port,
    },
    postgresImage: image("dockerPostgresImage", "PostgreSQL 16, primary and replica"),
    valkeyImage: image("dockerValkeyImage", "Valkey"),
    proxyImage: image("dockerProxyImage", "Caddy, the TLS-terminating proxy"),
    prometheusImage: image("dockerPrometheusImage", "Prometheus"),
    alertmanagerImage: image("dockerAlertmanagerImage", "Alertmanager"),
    grafanaImage: image("dockerGrafanaImage", "Grafana"),
    logLevel: serviceSettings.settings.logLevel,
    corsOrigins: serviceSettings.settings.corsOrigins,
  },
  (rule, key) => [
    rule({
      field: "postgresImage",
      allowed: "PostgreSQL 16, as on AWS",
      uses: ["postgresImage"],
      check: ({ postgresImage }) =>
        /^(docker\.io\/)?(library\/)?postgres:16([.-][^@]*)?@/.test(postgresImage)
          ? undefined
          : `must be postgres:16 (the major version RDS runs), got ${postgresImage.split("@")[0]}`,
    }),
    rule({
      field: "grafanaPort",
      allowed: "the four published ports distinct",
      uses: ["httpsPort", "grafanaPort", "prometheusPort", "alertmanagerPort"],
      check: ({ httpsPort, grafanaPort, prometheusPort, alertmanagerPort }) =>
        new Set([httpsPort, grafanaPort, prometheusPort, alertmanagerPort]).size === 4
          ? undefined
          : `${key("httpsPort")}, ${key("grafanaPort")}, ${key("prometheusPort")} and ${key("alertmanagerPort")} must differ`,
    }),
  ],
);
