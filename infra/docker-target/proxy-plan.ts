// The reverse proxy of the docker target: Caddy terminating TLS with its own local CA (`tls internal`), balancing
// over the API containers that pass /ready, and retrying a request on another one when a connection fails. A
// container that drains fails /ready and leaves the rotation within a health interval, as a deregistered ECS task
// leaves the target group. The CA's root certificate is in the proxy's data volume (see `caCertificateCommand`).
import { readinessPath } from "../../app/health/health-routes.js";
import { appPort, proxyHealthIntervalSeconds } from "./api-plan.js";
import { hostNames } from "./naming.js";

/** The host name the certificate is issued for and clients use (published on the configured address and port). */
export const proxySiteName = "localhost";
export const proxyHttpsPort = 443;
export const proxyDataDir = "/data";
export const caddyfilePath = "/etc/caddy/Caddyfile";
export const proxyRootCertificate = `${proxyDataDir}/caddy/pki/authorities/local/root.crt`;

export function caddyfile(apiContainers: number): string {
  const upstreams = Array.from({ length: apiContainers }, (_, i) => `${hostNames.api(i + 1)}:${appPort}`).join(" ");
  return `{
	# The local CA stays in the data volume; nothing is added to any trust store.
	skip_install_trust
	admin off
	# Requests in flight when the proxy itself stops get this long to finish.
	grace_period 15s
}

${proxySiteName} {
	tls internal
	reverse_proxy ${upstreams} {
		lb_policy round_robin
		# A refused or reset connection is retried on another container for up to 5 s.
		lb_try_duration 5s
		health_uri ${readinessPath}
		health_interval ${proxyHealthIntervalSeconds}s
		health_timeout 2s
		health_status 200
		fail_duration 10s
	}
}
`;
}
